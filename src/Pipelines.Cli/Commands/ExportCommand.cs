namespace Pipelines.Cli.Commands;

/// <summary><c>pipelines export</c>: the draft's YAML (or a published version's) on stdout, ready to commit.</summary>
public static class ExportCommand
{
    public static async Task<int> RunAsync(ApiClient api, string id, int? version, TextWriter output, CancellationToken cancellationToken)
    {
        var yaml = await api.GetYamlAsync(id, version, cancellationToken);
        output.Write(yaml.EndsWith('\n') ? yaml : yaml + "\n");
        return ExitCodes.Success;
    }
}
