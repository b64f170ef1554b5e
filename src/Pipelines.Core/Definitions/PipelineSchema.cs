namespace Pipelines.Core.Definitions;

/// <summary>The JSON Schema (draft 2020-12) of the definition format; the same text as docs/pipeline.schema.json.</summary>
public static class PipelineSchema
{
    public const string ResourceName = "Pipelines.Core.pipeline.schema.json";

    private static readonly Lazy<string> Text = new(Load);

    public static string Json => Text.Value;

    private static string Load()
    {
        using var stream = typeof(PipelineSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
