namespace Pipelines.Cli.Tests;

/// <summary>Definition files in a fresh temp folder, deleted on dispose.</summary>
public sealed class TestFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("pipelines-cli-").FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    public static string TransformOnly(string id, string suffix = "") => $$$"""
        apiVersion: pipelines/v1
        kind: Pipeline
        id: {{{id}}}
        title: Shout {{{id}}}
        inputs:
          text: { type: string, maxLength: 100 }
        steps:
          shout:
            uses: transform
            with:
              upper: "{{ inputs.text | upper }}{{{suffix}}}"
        outputs:
          shouted: "{{ steps.shout.output.upper }}"
        """;

    /// <summary>A chat step on a provider nobody listens for (the fixture's demo sandbox port is closed): every run fails at step <c>ask</c>.</summary>
    public static string FailingAtAsk(string id) => $$$"""
        apiVersion: pipelines/v1
        kind: Pipeline
        id: {{{id}}}
        title: Doomed {{{id}}}
        inputs:
          text: { type: string, maxLength: 100 }
        steps:
          shout:
            uses: transform
            with:
              upper: "{{ inputs.text | upper }}"
          ask:
            needs: [shout]
            uses: chat
            with:
              prompt: "{{ steps.shout.output.upper }}"
            providers: [demo-chat-primary]
        outputs:
          answer: "{{ steps.ask.output.text }}"
        """;

    /// <summary>Line 8 names a step that does not exist.</summary>
    public const string Broken = """
        apiVersion: pipelines/v1
        kind: Pipeline
        id: broken-cli
        title: Broken
        steps:
          a:
            uses: transform
            needs: [ghost]
            with:
              x: "1"
        """;
}
