using System.CommandLine;
using Pipelines.Cli.Commands;
using Pipelines.Core.Definitions;

namespace Pipelines.Cli;

/// <summary>The command tree. Each command's work lives in Commands/; this file only parses and dispatches.</summary>
public static class CliApp
{
    public const string ServerVariable = "PIPELINES_URL";
    public const string ApiKeyVariable = "PIPELINES_API_KEY";
    public const string ConnectorSecretVariable = "PIPELINES_CONNECTOR_SECRET";

    private static readonly Option<string?> Server = new("--server")
    {
        Description = $"The service's base address, e.g. https://pipelines.example.com (default: ${ServerVariable})",
        Recursive = true,
    };

    private static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"The API key (default: ${ApiKeyVariable}); never printed",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(output, error);
        // No response files: "--input @inputs.json" names a file of run inputs, not more arguments.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine("error: " + e.Message);
            }

            error.WriteLine("Run 'pipelines --help' for usage.");
            return ExitCodes.Usage;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancel.Token);
        }
        catch (CliException e)
        {
            error.WriteLine("error: " + e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            error.WriteLine("Interrupted.");
            return 130;
        }
        catch (IOException e)
        {
            // The connection broke mid-answer (e.g. the server stopped while the tool followed a run).
            error.WriteLine("error: the connection to the server broke: " + e.Message);
            return ExitCodes.Unreachable;
        }
        catch (System.Text.Json.JsonException e)
        {
            error.WriteLine("error: the server's answer is not what this version of the tool expects: " + e.Message);
            return ExitCodes.Failure;
        }
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Validate, diff, deploy, run and export Pipelines definitions (docs/ci.md).");
        root.Options.Add(Server);
        root.Options.Add(ApiKey);
        root.Subcommands.Add(Validate(output));
        root.Subcommands.Add(Diff(output, error));
        root.Subcommands.Add(Deploy(output, error));
        root.Subcommands.Add(Run(output, error));
        root.Subcommands.Add(Export(output));
        root.Subcommands.Add(Providers(output));
        root.Subcommands.Add(Connectors(output));
        return root;
    }

    private static Argument<string[]> Paths() => new("paths")
    {
        Description = "Definition files, or folders searched for *.yaml, *.yml and *.json",
        Arity = ArgumentArity.OneOrMore,
    };

    private static Command Validate(TextWriter output)
    {
        var paths = Paths();
        var format = new Option<string>("--format") { Description = "Output: text (file:line:col: CODE message), json or github", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "github");
        var command = new Command("validate", "Validate definitions offline, with the server's own validator") { paths, format };
        command.SetAction(parse => ValidateCommand.Run(parse.GetValue(paths)!, parse.GetValue(format)!, output));
        return command;
    }

    private static Command Diff(TextWriter output, TextWriter error)
    {
        var paths = Paths();
        var command = new Command("diff", "Show what a deploy would change on the server") { paths };
        command.SetAction((parse, ct) => WithApiAsync(parse, api => DiffCommand.RunAsync(api, parse.GetValue(paths)!, output, error, ct)));
        return command;
    }

    private static Command Deploy(TextWriter output, TextWriter error)
    {
        var paths = Paths();
        var publish = new Option<bool>("--publish") { Description = "Publish each draft that differs from its latest version" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change and change nothing" };
        var prune = new Option<bool>("--prune") { Description = "Archive the server's pipelines that no file declares" };
        var command = new Command("deploy", "Create or update the server's drafts from files; unchanged ones are left alone") { paths, publish, dryRun, prune };
        command.SetAction((parse, ct) => WithApiAsync(parse, api => DeployCommand.RunAsync(
            api, parse.GetValue(paths)!, parse.GetValue(publish), parse.GetValue(dryRun), parse.GetValue(prune), output, error, ct)));
        return command;
    }

    private static Command Run(TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("pipeline") { Description = "The pipeline id" };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "An input: k=v (a string), k:=json (any JSON value) or @file.json (an object of inputs); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var version = new Option<int?>("--version") { Description = "The published version to run (default: the latest)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run, print its outputs, exit 1 if it fails" };
        var timeout = new Option<string>("--timeout") { Description = "How long --wait waits, e.g. 30s, 5m, 1h", DefaultValueFactory = _ => "5m" };
        var idempotency = new Option<string?>("--idempotency-key") { Description = "Start at most one run per key" };
        var command = new Command("run", "Start a run of a published pipeline") { id, inputs, version, wait, timeout, idempotency };
        command.SetAction((parse, ct) =>
        {
            if (!Duration.TryParse(parse.GetValue(timeout), out var limit))
            {
                throw new CliException(ExitCodes.Usage, $"--timeout '{parse.GetValue(timeout)}' is not a duration such as 30s, 5m or 1h.");
            }

            return WithApiAsync(parse, api => RunCommand.RunAsync(
                api, parse.GetValue(id)!, parse.GetValue(version), parse.GetValue(inputs) ?? [], parse.GetValue(idempotency),
                parse.GetValue(wait), limit, output, error, ct));
        });
        return command;
    }

    private static Command Export(TextWriter output)
    {
        var id = new Argument<string>("pipeline") { Description = "The pipeline id" };
        var version = new Option<int?>("--version") { Description = "A published version (default: the draft)" };
        var command = new Command("export", "Print a pipeline's definition as YAML") { id, version };
        command.SetAction((parse, ct) => WithApiAsync(parse, api => ExportCommand.RunAsync(api, parse.GetValue(id)!, parse.GetValue(version), output, ct)));
        return command;
    }

    private static Command Providers(TextWriter output)
    {
        var format = new Option<string>("--format") { Description = "Output: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var list = new Command("list", "List the providers the server has configured and the capabilities each serves") { format };
        list.SetAction((parse, ct) => WithApiAsync(parse, api => ProvidersCommand.ListAsync(api, parse.GetValue(format)!, output, ct)));
        var id = new Argument<string?>("provider") { Description = "One provider's id (default: every provider)", Arity = ArgumentArity.ZeroOrOne };
        var requireClosed = new Option<bool>("--require-closed") { Description = "Exit 1 when a circuit is open or half-open" };
        var health = new Command("health", "Health score, circuit state and recent failures of the server's providers") { id, format, requireClosed };
        health.SetAction((parse, ct) => WithApiAsync(parse, api =>
            ProvidersCommand.HealthAsync(api, parse.GetValue(id), parse.GetValue(format)!, parse.GetValue(requireClosed), output, ct)));
        return new Command("providers", "The server's providers") { list, health };
    }

    private static Command Connectors(TextWriter output)
    {
        var url = new Argument<string>("url") { Description = "The remote connector's base URL, e.g. http://127.0.0.1:8099" };
        var secret = new Option<string?>("--secret")
        {
            Description = $"The connector's bearer secret, for connectors with auth: bearer (default: ${ConnectorSecretVariable}); never printed",
        };
        var deadline = new Option<string>("--deadline") { Description = "The deadline each call announces, e.g. 10s", DefaultValueFactory = _ => "10s" };
        var format = new Option<string>("--format") { Description = "Output: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var check = new Command("check", "Run the conformance suite against a remote connector (docs/connectors/remote-protocol.md); exit 0 when every check passes")
        {
            url, secret, deadline, format,
        };
        check.SetAction((parse, ct) =>
        {
            if (!Duration.TryParse(parse.GetValue(deadline), out var limit) || limit <= TimeSpan.Zero)
            {
                throw new CliException(ExitCodes.Usage, $"--deadline '{parse.GetValue(deadline)}' is not a duration such as 10s or 1m.");
            }

            return ConnectorsCommand.CheckAsync(
                parse.GetValue(url)!, parse.GetValue(secret) ?? Environment.GetEnvironmentVariable(ConnectorSecretVariable),
                limit, parse.GetValue(format)!, output, ct);
        });
        return new Command("connectors", "Remote connectors: check one before registering it") { check };
    }

    private static async Task<int> WithApiAsync(ParseResult parse, Func<ApiClient, Task<int>> action)
    {
        var server = parse.GetValue(Server) ?? Environment.GetEnvironmentVariable(ServerVariable);
        var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new CliException(ExitCodes.Usage, $"No server: pass --server or set {ServerVariable}.");
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"--server '{server}' is not an http(s) address.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new CliException(ExitCodes.Usage, $"No API key: pass --api-key or set {ApiKeyVariable}.");
        }

        using var api = new ApiClient(address, key);
        return await action(api);
    }
}
