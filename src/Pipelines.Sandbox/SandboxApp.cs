namespace Pipelines.Sandbox;

/// <summary>
/// Builds the sandbox server. <c>/v1/*</c> speaks the OpenAI protocol; <c>/_sandbox/*</c> scripts faults and reads the
/// call log. Tests start it in-process on a free port; demos run the executable.
/// </summary>
public static class SandboxApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddSingleton<SandboxState>();
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(SandboxJson.Options.Converters[0]));
        var app = builder.Build();

        app.MapPost("/v1/chat/completions", ChatEndpoint.HandleAsync);
        app.MapPost("/v1/embeddings", EmbeddingsEndpoint.HandleAsync);
        app.MapGet("/v1/models", () => TypedResults.Ok(new { @object = "list", data = new[] { new { id = "sandbox", @object = "model" } } }));

        var admin = app.MapGroup("/_sandbox");
        admin.MapPost("/faults", (FaultRule rule, SandboxState state) =>
        {
            state.Add(rule);
            return TypedResults.Ok(state.Rules);
        });
        admin.MapGet("/faults", (SandboxState state) => TypedResults.Ok(state.Rules));
        admin.MapDelete("/faults", (SandboxState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });
        admin.MapGet("/calls", (SandboxState state) => TypedResults.Ok(state.Calls));
        return app;
    }
}
