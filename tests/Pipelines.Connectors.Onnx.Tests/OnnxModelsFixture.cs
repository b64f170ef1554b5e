namespace Pipelines.Connectors.Onnx.Tests;

/// <summary>Both real models, loaded once for the whole test project.</summary>
public sealed class OnnxModelsFixture : IDisposable
{
    public OnnxModelsFixture()
    {
        MiniLm.Warm();
        Arctic.Warm();
    }

    public OnnxProvider MiniLm { get; } = new(OnnxModel.MiniLm, new OnnxConnectorOptions());

    public OnnxProvider Arctic { get; } = new(OnnxModel.Arctic, new OnnxConnectorOptions());

    public OnnxProvider this[string providerId] => providerId switch
    {
        OnnxModel.MiniLmId => MiniLm,
        OnnxModel.ArcticId => Arctic,
        _ => throw new ArgumentOutOfRangeException(nameof(providerId), providerId, null),
    };

    public static OnnxModel Model(string providerId) => providerId switch
    {
        OnnxModel.MiniLmId => OnnxModel.MiniLm,
        OnnxModel.ArcticId => OnnxModel.Arctic,
        _ => throw new ArgumentOutOfRangeException(nameof(providerId), providerId, null),
    };

    public void Dispose()
    {
        MiniLm.Dispose();
        Arctic.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class OnnxModelsCollection : ICollectionFixture<OnnxModelsFixture>
{
    public const string Name = "onnx models";
}
