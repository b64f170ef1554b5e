using Pipelines.Core.Definitions;

namespace Pipelines.Cli.Commands;

/// <summary>
/// <c>pipelines deploy</c>: makes the server's drafts equal the files, idempotently. A definition whose content hash equals
/// the server draft's is left alone (no new draft revision, no new version); with --publish, a draft is published only
/// when it differs from the latest version. Route files (<c>kind: Route</c>) among the paths go to <see cref="RouteDeploy"/>.
/// </summary>
public static class DeployCommand
{
    private sealed record Row(string Id, string Action, string Version);

    public static async Task<int> RunAsync(
        ApiClient api, IReadOnlyList<string> paths, bool publish, bool dryRun, bool prune,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (definitions, routes) = DefinitionFiles.LoadWithRoutes(paths);
        if (!DefinitionFiles.Report(definitions, error))
        {
            error.WriteLine("Nothing was deployed: fix the definitions first.");
            return ExitCodes.Failure;
        }

        var rows = new List<Row>();
        int created = 0, updated = 0, published = 0, unchanged = 0, archived = 0, failed = 0;
        var would = dryRun ? "would be " : "";
        foreach (var local in definitions)
        {
            var definition = local.Definition!;
            try
            {
                var server = await api.GetPipelineAsync(definition.Id, cancellationToken);
                string action;
                bool needsPublish;
                int? version = server?.LatestVersion;
                if (server is null)
                {
                    action = would + "created";
                    created++;
                    needsPublish = true;
                    if (!dryRun)
                    {
                        server = await api.CreatePipelineAsync(local.Text, local.Format, cancellationToken);
                    }
                }
                else if (server.IsArchived)
                {
                    rows.Add(new Row(definition.Id, "failed: archived on the server", Version(version)));
                    failed++;
                    continue;
                }
                else if (DefinitionSerializer.ContentHash(DiffCommand.ServerDefinition(server)) == DefinitionSerializer.ContentHash(definition))
                {
                    action = "unchanged";
                    needsPublish = !server.DraftMatchesLatestVersion;
                }
                else
                {
                    action = would + "updated";
                    updated++;
                    needsPublish = true;
                    if (!dryRun)
                    {
                        server = await api.UpdatePipelineAsync(definition.Id, server.ETag, local.Text, local.Format, cancellationToken);
                        needsPublish = !server.DraftMatchesLatestVersion;
                    }
                }

                if (publish && needsPublish)
                {
                    action = action == "unchanged" ? would + "published" : action + ", " + would + "published";
                    published++;
                    if (!dryRun)
                    {
                        version = (await api.PublishAsync(definition.Id, cancellationToken)).Version;
                    }
                }
                else if (action == "unchanged")
                {
                    unchanged++;
                }

                rows.Add(new Row(definition.Id, action, Version(version)));
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Failure)
            {
                // The server refused this one (invalid for its providers, a concurrent edit): report it, go on with the rest.
                rows.Add(new Row(definition.Id, "failed", ""));
                error.WriteLine($"{local.File}: {e.Message}");
                failed++;
            }
        }

        if (prune)
        {
            var keep = definitions.Select(d => d.Definition!.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var item in (await api.ListActivePipelinesAsync(cancellationToken)).Where(p => !keep.Contains(p.Id)))
            {
                if (!dryRun)
                {
                    await api.ArchiveAsync(item.Id, cancellationToken);
                }

                rows.Add(new Row(item.Id, would + "archived", Version(item.LatestVersion)));
                archived++;
            }
        }

        WriteTable(rows, output);
        output.WriteLine(
            $"{(dryRun ? "Dry run, nothing changed: " : "")}created {created}, updated {updated}, published {published}, unchanged {unchanged}, archived {archived}" +
            (failed > 0 ? $", failed {failed}" : ""));
        var routesDeployed = routes.Count == 0 || await RouteDeploy.RunAsync(api, routes, dryRun, output, error, cancellationToken);
        return failed > 0 || !routesDeployed ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static string Version(int? version) => version is { } n ? "v" + n : "-";

    private static void WriteTable(List<Row> rows, TextWriter output)
    {
        const string Pipeline = "PIPELINE", Action = "ACTION", Latest = "LATEST";
        var idWidth = rows.Select(r => r.Id.Length).Append(Pipeline.Length).Max();
        var actionWidth = rows.Select(r => r.Action.Length).Append(Action.Length).Max();
        output.WriteLine($"{Pipeline.PadRight(idWidth)}  {Action.PadRight(actionWidth)}  {Latest}");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Id.PadRight(idWidth)}  {row.Action.PadRight(actionWidth)}  {row.Version}");
        }
    }
}
