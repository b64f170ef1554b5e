namespace Pipelines.Testing;

/// <summary>Small definitions for API tests; each call gets a fresh id so tests sharing a database never collide.</summary>
public static class TestDefinitions
{
    public static string NewId(string prefix = "p") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static string Yaml(string id, string prompt = "Summarise: {{ inputs.text }}") => $$$"""
        # a comment the author wants kept
        apiVersion: pipelines/v1
        kind: Pipeline
        id: {{{id}}}
        title: Test pipeline {{{id}}}
        inputs:
          text: { type: string, maxLength: 4000 }
        steps:
          shape:
            uses: transform
            with:
              upper: "{{ inputs.text | upper }}"
          summarise:
            uses: chat
            needs: [shape]
            with:
              prompt: "{{{prompt}}}"
            providers: [sandbox-primary, sandbox-backup]
            policy: { strategy: ordered }
        outputs:
          summary: "{{ steps.summarise.output.text }}"
        """;

    public static string WithUnknownNeeds(string id) => Yaml(id).Replace("needs: [shape]", "needs: [ghost]", StringComparison.Ordinal);
}
