using Pipelines.Core.Definitions;

namespace Pipelines.Cli.Commands;

/// <summary><c>pipelines diff</c>: what a deploy would change on the server, per pipeline and field.</summary>
public static class DiffCommand
{
    public static async Task<int> RunAsync(ApiClient api, IReadOnlyList<string> paths, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var definitions = DefinitionFiles.Load(paths);
        if (!DefinitionFiles.Report(definitions, error))
        {
            return ExitCodes.Failure;
        }

        foreach (var local in definitions)
        {
            var definition = local.Definition!;
            var server = await api.GetPipelineAsync(definition.Id, cancellationToken);
            if (server is null)
            {
                output.WriteLine($"+ {definition.Id}: new pipeline, {definition.Steps.Count} step(s) ({local.File})");
                continue;
            }

            if (server.IsArchived)
            {
                output.WriteLine($"! {definition.Id}: archived on the server; deploy cannot change it");
                continue;
            }

            var remote = ServerDefinition(server);
            if (DefinitionSerializer.ContentHash(remote) == DefinitionSerializer.ContentHash(definition))
            {
                output.WriteLine(server.DraftMatchesLatestVersion
                    ? $"= {definition.Id}: unchanged"
                    : $"= {definition.Id}: unchanged draft, not published yet (deploy --publish publishes it)");
                continue;
            }

            output.WriteLine($"~ {definition.Id}: draft revision {server.DraftRevision} changes ({local.File})");
            var diff = DefinitionDiff.Compare(remote, definition);
            foreach (var step in diff.StepsAdded)
            {
                output.WriteLine($"    + step {step}");
            }

            foreach (var step in diff.StepsRemoved)
            {
                output.WriteLine($"    - step {step}");
            }

            foreach (var change in diff.StepsChanged.SelectMany(s => s.Changes).Concat(diff.Changes))
            {
                output.WriteLine($"    ~ {change.Path}: {change.OldValue ?? "(none)"} -> {change.NewValue ?? "(none)"}");
            }
        }

        return ExitCodes.Success;
    }

    public static PipelineDefinition ServerDefinition(PipelineView view) => DefinitionSerializer.FromJson(view.Definition.GetRawText());
}
