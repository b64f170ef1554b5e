namespace Pipelines.Sandbox;

/// <summary>
/// Builds the sandbox server. <c>/v1/*</c> speaks the OpenAI protocol; <c>/_sandbox/*</c> scripts faults and reads the
/// call log. Faults can also be loaded at start from configuration (<c>Sandbox:Faults</c>, a list of
/// <see cref="FaultRule"/>), e.g. for a demo. Tests start it in-process on a free port; demos run the executable.
/// </summary>
public static class SandboxApp
{
    public const string FaultsSection = "Sandbox:Faults";

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddSingleton<SandboxState>(_ => new SandboxState());
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(SandboxJson.Options.Converters[0]));
        var app = builder.Build();

        var state = app.Services.GetRequiredService<SandboxState>();
        foreach (var rule in app.Configuration.GetSection(FaultsSection).Get<FaultRule[]>() ?? [])
        {
            state.Add(rule);
        }

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
        admin.MapDelete("/faults", (string? model, SandboxState state) =>
        {
            // Without a model: every rule and the call log (a fresh sandbox). With one: only that model's rules.
            if (model is null)
            {
                state.Reset();
            }
            else
            {
                state.RemoveRules(model);
            }

            return TypedResults.NoContent();
        });
        admin.MapGet("/calls", (SandboxState state) => TypedResults.Ok(state.Calls));
        admin.MapDelete("/calls", (SandboxState state) =>
        {
            state.ClearCalls();
            return TypedResults.NoContent();
        });
        return app;
    }
}
