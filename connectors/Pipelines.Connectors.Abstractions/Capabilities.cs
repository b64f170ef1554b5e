namespace Pipelines.Connectors;

/// <summary>Names of the built-in capabilities; connectors may declare others.</summary>
public static class Capabilities
{
    public const string Chat = "chat";
    public const string Embed = "embed";
    public const string Classify = "classify";
}
