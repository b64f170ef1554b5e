using Microsoft.Playwright;
using Pipelines.Testing;

namespace Pipelines.Designer.Tests;

/// <summary>
/// One service process (the real binary, in-memory bus, a database of its own) with two chat providers on the sandbox,
/// and one headless Debian Chromium shared by the designer tests. Playwright's own browser download is never used;
/// Playwright gives each launch a fresh temporary profile.
/// </summary>
public sealed class DesignerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string PrimaryModel = "primary";
    public const string BackupModel = "backup";

    private IPlaywright? _playwright;
    private ServiceProcess? _service;

    public string AdminKey { get; } = "pk_designer_" + Guid.NewGuid().ToString("N");

    public SandboxServer Sandbox { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public Uri Address => _service?.Address ?? throw new InvalidOperationException("The service has not started.");

    /// <summary>Where screenshots go: the test output's artifacts/screenshots.</summary>
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(
        Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        Sandbox = await SandboxServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = ConnectionString,
            ["Pipelines__AdminKey"] = AdminKey,
            ["Pipelines__Bus__Transport"] = "InMemory",
            // The binary's working folder is the test's: point the web root at the wwwroot the build wrote the designer to.
            ["ASPNETCORE_WEBROOT"] = Path.Combine(RepositoryRoot.Path, "src", "Pipelines.Api", "wwwroot"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (provider, model) in new[] { ("sandbox-primary", PrimaryModel), ("sandbox-backup", BackupModel) })
        {
            environment[$"Pipelines__Providers__OpenAI__Providers__{provider}__Endpoint"] = Sandbox.OpenAiEndpoint.ToString();
            environment[$"Pipelines__Providers__OpenAI__Providers__{provider}__Model"] = model;
            environment[$"Pipelines__Providers__OpenAI__Providers__{provider}__TimeoutSeconds"] = "5";
        }

        var browser = LaunchBrowserAsync();
        _service = await ServiceProcess.StartAsync("all", environment);
        Browser = await browser;
    }

    private async Task<IBrowser> LaunchBrowserAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium (deploy/local/test.sh does).");
        }

        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A fresh page at 1280×800 (the smallest size the designer supports), signed in with the admin key.</summary>
    public async Task<IPage> NewSignedInPageAsync(string hash = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add($"page error: {error}");
        try
        {
            await page.GotoAsync("/" + hash);
            await page.GetByTestId("api-key-input").FillAsync(AdminKey);
            await page.GetByTestId("api-key-submit").ClickAsync();
        }
        catch (TimeoutException e)
        {
            await ScreenshotAsync(page, "sign-in-failed");
            throw new TimeoutException($"Signing in failed at {page.Url}; browser console:\n{string.Join('\n', console)}", e);
        }

        return page;
    }

    public HttpClient Client() =>
        (_service ?? throw new InvalidOperationException("The service has not started.")).Client(AdminKey, TimeSpan.FromSeconds(60));

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png") });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DesignerCollection : ICollectionFixture<DesignerFixture>
{
    public const string Name = "designer";
}
