namespace Pipelines.Cli.Commands;

/// <summary>
/// The route half of <c>pipelines deploy</c>: makes the tenant's routes equal the route files. A route whose content
/// equals the server's is left alone (no write, same ETag), so deploying the same files twice changes nothing.
/// A file route named like a configuration route creates the tenant's own, which takes precedence for the tenant.
/// </summary>
public static class RouteDeploy
{
    private sealed record Row(string Name, string Action, string Version);

    /// <returns>Whether every route was deployed (or would be, on a dry run).</returns>
    public static async Task<bool> RunAsync(
        ApiClient api, IReadOnlyList<LocalRoute> routes, bool dryRun, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        int created = 0, updated = 0, unchanged = 0, failed = 0;
        var would = dryRun ? "would be " : "";
        foreach (var local in routes)
        {
            try
            {
                var server = local.Name.Length == 0 ? null : await api.GetRouteAsync(local.Name, cancellationToken);
                if (server is not { ETag: { } etag } current)
                {
                    var version = dryRun ? null : (await api.CreateRouteAsync(local.Body, cancellationToken)).View["version"];
                    created++;
                    rows.Add(new Row(local.Name, would + "created", Version(version?.ToString())));
                }
                else if (RouteFiles.Content(current.View) is { } stored && stored == RouteFiles.Content(local.Body))
                {
                    unchanged++;
                    rows.Add(new Row(local.Name, "unchanged", Version(current.View["version"]?.ToString())));
                }
                else
                {
                    var after = dryRun ? current : await api.UpdateRouteAsync(local.Name, etag, local.Body, cancellationToken);
                    // The server writes nothing when the route says the same in another spelling: then it kept its ETag.
                    var changed = dryRun || after.ETag != etag;
                    if (changed)
                    {
                        updated++;
                    }
                    else
                    {
                        unchanged++;
                    }

                    rows.Add(new Row(local.Name, changed ? would + "updated" : "unchanged", Version(after.View["version"]?.ToString())));
                }
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Failure)
            {
                // The server refused this one (invalid, a provider it does not know, a concurrent edit): report it, go on.
                rows.Add(new Row(local.Name, "failed", "-"));
                error.WriteLine($"{local.File}: {e.Message}");
                failed++;
            }
        }

        const string Route = "ROUTE", Action = "ACTION", Latest = "VERSION";
        var nameWidth = rows.Select(r => r.Name.Length).Append(Route.Length).Max();
        var actionWidth = rows.Select(r => r.Action.Length).Append(Action.Length).Max();
        output.WriteLine($"{Route.PadRight(nameWidth)}  {Action.PadRight(actionWidth)}  {Latest}");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Name.PadRight(nameWidth)}  {row.Action.PadRight(actionWidth)}  {row.Version}");
        }

        output.WriteLine($"Routes: created {created}, updated {updated}, unchanged {unchanged}" + (failed > 0 ? $", failed {failed}" : ""));
        return failed == 0;
    }

    private static string Version(string? version) => version is { Length: > 0 } n ? "v" + n : "-";
}
