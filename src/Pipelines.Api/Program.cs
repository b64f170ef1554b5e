var builder = WebApplication.CreateBuilder(args);

builder.AddPipelinesHosting();
builder.AddPipelinesPersistence();
builder.Services.AddPipelinesEngine();
builder.Services.AddOpenAiConnector();
builder.Services.AddOnnxConnector();
builder.AddPipelinesMessaging();
builder.AddPipelinesAuth();
builder.AddPipelinesHealth();

var app = builder.Build();

app.UsePipelinesHosting();
app.MapPipelinesHealth();
app.MapPipelinesApi();

app.Run();
