using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pipelines.Connectors.Onnx.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void AddOnnxConnector_DefaultSettings_YieldsBothProvidersUnloaded()
    {
        // Arrange
        using var services = Build([]);

        // Act
        var providers = services.GetServices<IProviderSource>().SelectMany(s => s.Providers).ToList();

        // Assert
        Assert.Equal(["local-minilm", "local-arctic"], providers.Select(p => p.ProviderId));
        Assert.All(providers, p => Assert.Equal(new HashSet<string> { "embed", "classify" }, p.Manifest.Capabilities.ToHashSet()));
        Assert.All(providers.Cast<OnnxProvider>(), p => Assert.False(p.IsLoaded));
    }

    [Fact]
    public void AddOnnxConnector_ArcticDisabled_YieldsOnlyMiniLm()
    {
        // Arrange
        using var services = Build(new() { ["Pipelines:Providers:Onnx:Arctic:Enabled"] = "false" });

        // Act
        var providers = services.GetRequiredService<IProviderSource>().Providers;

        // Assert
        Assert.Equal(["local-minilm"], providers.Select(p => p.ProviderId));
    }

    [Fact]
    public void AddOnnxConnector_ConnectorDisabled_YieldsNoProviders()
    {
        // Arrange
        using var services = Build(new() { ["Pipelines:Providers:Onnx:Enabled"] = "false" });

        // Act
        var providers = services.GetRequiredService<IProviderSource>().Providers;

        // Assert
        Assert.Empty(providers);
    }

    [Fact]
    public void AddOnnxConnector_OutOfRangeLimit_FailsValidation()
    {
        // Arrange
        using var services = Build(new() { ["Pipelines:Providers:Onnx:MaxTextsPerCall"] = "0" });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OnnxConnectorOptions>>().Value);

        // Assert
        Assert.Contains("MaxTextsPerCall", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddOnnxConnector()
            .BuildServiceProvider();
    }
}
