var builder = WebApplication.CreateBuilder(args);

builder.AddPipelinesHosting();
builder.AddPipelinesPersistence();
builder.Services.AddPipelinesEngine();
builder.Services.AddPipelinesEgress();
builder.Services.AddOpenAiConnector();
builder.Services.AddOnnxConnector();
builder.Services.AddRemoteConnector();
builder.Services.AddPipelinesRemoteConnectors();
builder.AddPipelinesMessaging();
builder.Services.AddPipelinesGateway();
builder.AddPipelinesAuth();
builder.AddPipelinesHealth();

var app = builder.Build();

app.UsePipelinesHosting();
app.MapPipelinesHealth();
app.MapPipelinesApi();

app.Run();
