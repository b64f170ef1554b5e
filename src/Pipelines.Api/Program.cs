using Pipelines.Connectors.OpenAI;
using Pipelines.Engine.Egress;

var builder = WebApplication.CreateBuilder(args);

builder.AddPipelinesHosting();
builder.AddPipelinesPersistence();
builder.Services.AddPipelinesEngine();
builder.Services.AddPipelinesEgress();
// Providers built from the openai connector types (tenants' endpoints) connect only where the egress policy allows.
builder.Services.AddSingleton(services => new OpenAiTransport(services.GetRequiredService<EgressPolicy>().CreateHandler()));
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
