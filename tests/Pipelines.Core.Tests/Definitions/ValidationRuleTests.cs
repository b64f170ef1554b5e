using Pipelines.Core.Definitions;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

/// <summary>Every rule, invalid and valid. Each invalid case names the code, the pointer and, for YAML, the line.</summary>
public sealed class ValidationRuleTests
{
    private const int L = TestYaml.FirstStepLine;

    public static TheoryData<string, string, int?, string> InvalidCases() => new()
    {
        // PIPE001 syntax
        { DiagnosticCodes.Syntax, "", L, TestYaml.Pipeline("  a: [b, c\n  d: e") },
        // PIPE002 unknown field
        { DiagnosticCodes.UnknownField, "/steps/a/usez", L + 3, TestYaml.Pipeline("""
              a:
                uses: chat
                providers: [openai-main]
                usez: chat
            """) },
        { DiagnosticCodes.UnknownField, "/owner", L + 1, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main] }", "owner: me") },
        { DiagnosticCodes.UnknownField, "/steps/a/policy/strategie", L + 3, TestYaml.Pipeline("""
              a:
                uses: chat
                providers: [openai-main]
                policy: { strategie: ordered }
            """) },
        // PIPE003 missing field
        { DiagnosticCodes.MissingField, "/steps/a/uses", L, TestYaml.Pipeline("""
              a:
                providers: [openai-main]
            """) },
        { DiagnosticCodes.MissingField, "/title", 1, "apiVersion: pipelines/v1\nkind: Pipeline\nid: test\nsteps:\n  a: { uses: chat, providers: [openai-main] }\n" },
        { DiagnosticCodes.MissingField, "/kind", 1, "apiVersion: pipelines/v1\nid: test\ntitle: T\nsteps:\n  a: { uses: chat, providers: [openai-main] }\n" },
        { DiagnosticCodes.MissingField, "/inputs/x/type", 2, "inputs:\n  x: { maxLength: 3 }\n" },
        { DiagnosticCodes.MissingField, "/steps/t/with", L, TestYaml.Pipeline("  t: { uses: transform }") },
        { DiagnosticCodes.MissingField, "/steps/f/items", L, TestYaml.Pipeline("  f: { uses: foreach, step: { uses: transform, with: { a: 1 } } }") },
        { DiagnosticCodes.MissingField, "/steps/f/step", L, TestYaml.Pipeline("  f: { uses: foreach, items: \"{{ inputs.text }}\" }") },
        { DiagnosticCodes.MissingField, "/steps", 5, "apiVersion: pipelines/v1\nkind: Pipeline\nid: test\ntitle: T\nsteps: {}\n" },
        // PIPE004 wrong type
        { DiagnosticCodes.WrongType, "/steps/b/needs", L + 4, TestYaml.Pipeline("""
              a: { uses: chat, providers: [openai-main] }
              b:
                uses: chat
                providers: [openai-main]
                needs: a
            """) },
        { DiagnosticCodes.WrongType, "/steps/a/retries", L + 1, TestYaml.Pipeline("""
              a:
                retries: "two"
                uses: chat
                providers: [openai-main]
            """) },
        { DiagnosticCodes.WrongType, "", 1, "- just\n- a list\n" },
        { DiagnosticCodes.WrongType, "/title", 4, "apiVersion: pipelines/v1\nkind: Pipeline\nid: test\ntitle: [a]\nsteps:\n  a: { uses: chat, providers: [openai-main] }\n" },
        // PIPE005 duplicate keys (a duplicate step id is a duplicate key)
        { DiagnosticCodes.DuplicateKey, "/steps/a", L + 1, TestYaml.Pipeline("""
              a: { uses: chat, providers: [openai-main] }
              a: { uses: embed, providers: [openai-main] }
            """) },
        // PIPE006 invalid identifier
        { DiagnosticCodes.InvalidIdentifier, "/steps/Decide", L, TestYaml.Pipeline("  Decide: { uses: chat, providers: [openai-main] }") },
        { DiagnosticCodes.InvalidIdentifier, "/steps/a/providers/0", L, TestYaml.Pipeline("  a: { uses: chat, providers: [OpenAI Main] }") },
        { DiagnosticCodes.InvalidIdentifier, "/id", 3, TestYaml.Valid.Replace("id: test", "id: 9lives", StringComparison.Ordinal) },
        // PIPE007 invalid value
        { DiagnosticCodes.InvalidValue, "/steps/a/policy/strategy", L + 3, TestYaml.Pipeline("""
              a:
                uses: chat
                providers: [openai-main]
                policy: { strategy: random }
            """) },
        { DiagnosticCodes.InvalidValue, "/steps/a/policy/swapOn/1", L + 3, TestYaml.Pipeline("""
              a:
                uses: chat
                providers: [openai-main]
                policy: { swapOn: [timeout, invalid_request] }
            """) },
        { DiagnosticCodes.InvalidValue, "/apiVersion", 1, TestYaml.Valid.Replace("pipelines/v1", "pipelines/v2", StringComparison.Ordinal) },
        { DiagnosticCodes.InvalidValue, "/steps/r/onTimeout", L, TestYaml.Pipeline("  r: { uses: approval, timeout: 1h, onTimeout: maybe }") },
        { DiagnosticCodes.InvalidValue, "/inputs/text/type", 6, TestYaml.Valid.Replace("text: { type: string }", "text: { type: text }", StringComparison.Ordinal) },
        // PIPE008 out of range
        { DiagnosticCodes.OutOfRange, "/steps/a/retries", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], retries: 11 }") },
        { DiagnosticCodes.OutOfRange, "/steps/f/parallelism", L, TestYaml.Pipeline("  f: { uses: foreach, items: \"{{ inputs.text }}\", parallelism: 65, step: { uses: transform, with: { a: 1 } } }") },
        { DiagnosticCodes.OutOfRange, "/inputs/n/maximum", 6, TestYaml.Valid.Replace("inputs:\n", "inputs:\n  n: { type: number, minimum: 5, maximum: 1 }\n", StringComparison.Ordinal) },
        // PIPE009 durations
        { DiagnosticCodes.InvalidDuration, "/steps/a/timeout", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], timeout: 5 sec }") },
        { DiagnosticCodes.InvalidDuration, "/steps/a/policy/hedgeDelay", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], policy: { strategy: hedged, hedgeDelay: 1.5s } }") },
        { DiagnosticCodes.InvalidDuration, "/defaults/timeout", 9, TestYaml.Valid.Replace("steps:\n", "defaults:\n  timeout: 0s\nsteps:\n", StringComparison.Ordinal) },
        // PIPE010 unknown needs
        { DiagnosticCodes.UnknownNeed, "/steps/a/needs/0", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], needs: [ghost] }") },
        // PIPE011 self-dependency
        { DiagnosticCodes.SelfDependency, "/steps/a/needs/0", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], needs: [a] }") },
        // PIPE012 cycles
        { DiagnosticCodes.Cycle, "/steps/a/needs/0", L, TestYaml.Pipeline("""
              a: { uses: chat, providers: [openai-main], needs: [c] }
              b: { uses: chat, providers: [openai-main], needs: [a] }
              c: { uses: chat, providers: [openai-main], needs: [b] }
            """) },
        // PIPE013 duplicate entries
        { DiagnosticCodes.DuplicateEntry, "/steps/b/needs/1", L + 1, TestYaml.Pipeline("""
              a: { uses: chat, providers: [openai-main] }
              b: { uses: chat, providers: [openai-main], needs: [a, a] }
            """) },
        { DiagnosticCodes.DuplicateEntry, "/steps/a/providers/1", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main, openai-main] }") },
        // PIPE014 template syntax
        { DiagnosticCodes.TemplateSyntax, "/steps/a/with/prompt", L + 2, TestYaml.Pipeline("""
              a:
                uses: chat
                with: { prompt: "Hello {{ inputs.text " }
                providers: [openai-main]
            """) },
        { DiagnosticCodes.TemplateSyntax, "/steps/a/with/messages/0/content", L + 4, TestYaml.Pipeline("""
              a:
                uses: chat
                with:
                  messages:
                    - { role: user, content: "{{ inputs.text | shout }}" }
                providers: [openai-main]
            """) },
        { DiagnosticCodes.TemplateSyntax, "/outputs/x", L + 2, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main] }", "outputs:\n  x: \"{{ steps.a.output.text = 'b' }}\"") },
        // PIPE015 unknown input
        { DiagnosticCodes.UnknownInputReference, "/steps/a/with/prompt", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: \"{{ inputs.nope }}\" } }") },
        // PIPE016 unknown step (in a step and in outputs)
        { DiagnosticCodes.UnknownStepReference, "/steps/a/with/prompt", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: \"{{ steps.ghost.output.text }}\" } }") },
        { DiagnosticCodes.UnknownStepReference, "/outputs/answer", L + 2, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main] }", "outputs:\n  answer: \"{{ steps.ghost.output.text }}\"") },
        // PIPE017 unknown output field
        { DiagnosticCodes.UnknownOutputField, "/steps/b/with/prompt", L + 1, TestYaml.Pipeline("""
              a: { uses: classify, providers: [local-minilm] }
              b: { uses: chat, providers: [openai-main], needs: [a], with: { prompt: "{{ steps.a.output.text }}" } }
            """) },
        { DiagnosticCodes.UnknownOutputField, "/outputs/x", L + 2, TestYaml.Pipeline("  t: { uses: transform, with: { queue: billing } }", "outputs:\n  x: \"{{ steps.t.output.priority }}\"") },
        { DiagnosticCodes.UnknownOutputField, "/outputs/x", L + 2, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main] }", "outputs:\n  x: \"{{ steps.a.outputs.text }}\"") },
        // PIPE018 step not upstream
        { DiagnosticCodes.StepNotUpstream, "/steps/b/with/prompt", L + 1, TestYaml.Pipeline("""
              a: { uses: chat, providers: [openai-main] }
              b: { uses: chat, providers: [openai-main], with: { prompt: "{{ steps.a.output.text }}" } }
            """) },
        { DiagnosticCodes.StepNotUpstream, "/steps/a/if", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], if: \"steps.a.output.text == 'x'\" }") },
        // PIPE019 unknown variable
        { DiagnosticCodes.UnknownVariable, "/steps/a/with/prompt", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: \"{{ env.HOME }}\" } }") },
        { DiagnosticCodes.UnknownVariable, "/steps/a/with/prompt", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: \"{{ item }}\" } }") },
        // PIPE020 if not boolean
        { DiagnosticCodes.ConditionNotBoolean, "/steps/a/if", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], if: \"{{ 'yes' }}\" }") },
        { DiagnosticCodes.ConditionNotBoolean, "/steps/a/if", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], if: \"run {{ inputs.text }}\" }") },
        { DiagnosticCodes.ConditionNotBoolean, "/steps/a/if", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], if: \"{{ inputs.text | upper }}\" }") },
        // PIPE021 too many steps
        { DiagnosticCodes.TooManySteps, "/steps", L, TestYaml.Pipeline(string.Concat(Enumerable.Range(0, DefinitionLimits.MaxSteps + 1).Select(i => $"  s{i}: {{ uses: transform, with: {{ v: {i} }} }}\n"))) },
        // PIPE022 too large: bytes, nesting, alias expansion
        { DiagnosticCodes.TooLarge, "", null, TestYaml.Valid + "# " + new string('x', DefinitionLimits.MaxBytes) },
        { DiagnosticCodes.TooLarge, "/steps/a/with/deep" + string.Concat(Enumerable.Repeat("/0", DefinitionLimits.MaxDepth - 4)), L, TestYaml.Pipeline("  a: { uses: transform, with: { deep: " + new string('[', 100) + new string(']', 100) + " } }") },
        { DiagnosticCodes.TooLarge, "/steps/a/with/a5", L + 8, TestYaml.Pipeline(AliasBomb()) },
        // PIPE023 template too long
        { DiagnosticCodes.TemplateTooLong, "/steps/a/with/prompt", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: \"{{ inputs.text }}" + new string('x', DefinitionLimits.MaxTemplateLength) + "\" } }") },
        // PIPE024 capability without providers
        { DiagnosticCodes.MissingProviders, "/steps/a/providers", L, TestYaml.Pipeline("  a: { uses: chat, with: { prompt: hi } }") },
        // PIPE025 field not allowed for the kind
        { DiagnosticCodes.FieldNotAllowed, "/steps/t/providers", L, TestYaml.Pipeline("  t: { uses: transform, with: { a: 1 }, providers: [openai-main] }") },
        { DiagnosticCodes.FieldNotAllowed, "/steps/a/onTimeout", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], onTimeout: fail }") },
        { DiagnosticCodes.FieldNotAllowed, "/steps/f/step/needs", L, TestYaml.Pipeline("  f: { uses: foreach, items: \"{{ inputs.text }}\", step: { uses: transform, needs: [f], with: { a: 1 } } }") },
        { DiagnosticCodes.FieldNotAllowed, "/inputs/count/maxLength", 7, TestYaml.Valid.Replace("count: { type: integer, default: 1 }", "count: { type: integer, default: 1, maxLength: 3 }", StringComparison.Ordinal) },
        // PIPE026-PIPE028 with a provider catalog
        { DiagnosticCodes.UnknownProvider, "/steps/a/providers/1", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main, nobody] }") },
        { DiagnosticCodes.ProviderLacksCapability, "/steps/a/providers/0", L, TestYaml.Pipeline("  a: { uses: chat, providers: [local-minilm] }") },
        { DiagnosticCodes.UnknownCapability, "/steps/a/uses", L, TestYaml.Pipeline("  a: { uses: teleport, providers: [openai-main] }") },
        // PIPE029 defaults and enum values must fit the input
        { DiagnosticCodes.InvalidInputDefault, "/inputs/count/default", 7, TestYaml.Valid.Replace("default: 1", "default: many", StringComparison.Ordinal) },
        { DiagnosticCodes.InvalidInputDefault, "/inputs/mode/default", 6, TestYaml.Valid.Replace("inputs:\n", "inputs:\n  mode: { type: string, enum: [a, b], default: c }\n", StringComparison.Ordinal) },
        // PIPE030 weight for a provider the step does not list
        { DiagnosticCodes.WeightForUnlistedProvider, "/steps/a/policy/weights/azure-backup", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], policy: { strategy: weighted, weights: { openai-main: 1, azure-backup: 2 } } }") },
        // PIPE031 kinds not allowed inside foreach
        { DiagnosticCodes.KindNotAllowedInForeach, "/steps/f/step/uses", L, TestYaml.Pipeline("  f: { uses: foreach, items: \"{{ inputs.text }}\", step: { uses: approval } }") },
        // PIPE032 layout for an unknown step
        { DiagnosticCodes.UnknownLayoutStep, "/layout/ghost", L + 5, TestYaml.Pipeline("""
              a:
                uses: chat
                providers: [openai-main]
            """, "layout:\n  a: { x: 1, y: 2 }\n  ghost: { x: 3, y: 4 }") },
        // PIPE033 foreach items must be one expression
        { DiagnosticCodes.ItemsNotSingleExpression, "/steps/f/items", L, TestYaml.Pipeline("  f: { uses: foreach, items: \"docs: {{ inputs.text }}\", step: { uses: transform, with: { a: 1 } } }") },
        // PIPE008, PIPE009 on the policy's retry and attempt fields
        { DiagnosticCodes.OutOfRange, "/steps/a/policy/retries", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], policy: { retries: 11 } }") },
        { DiagnosticCodes.InvalidDuration, "/steps/a/policy/maxRetryAfter", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], policy: { maxRetryAfter: 10 sec } }") },
        { DiagnosticCodes.InvalidDuration, "/defaults/policy/stallTimeout", 9, TestYaml.Valid.Replace("steps:\n", "defaults:\n  policy: { stallTimeout: 0s }\nsteps:\n", StringComparison.Ordinal) },
        // PIPE035 backoff longer than its cap
        { DiagnosticCodes.RetryBackoffAboveCap, "/steps/a/policy/retryBackoff", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], policy: { retryBackoff: 5s, maxRetryBackoff: 1s } }") },
        // PIPE036 a per-attempt limit longer than the deadline
        { DiagnosticCodes.AttemptLimitBeyondDeadline, "/steps/a/policy/attemptTimeout", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], policy: { deadline: 30s, attemptTimeout: 1m } }") },
        { DiagnosticCodes.AttemptLimitBeyondDeadline, "/steps/a/policy/firstTokenTimeout", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], policy: { deadline: 5s, firstTokenTimeout: 6s } }") },
        // PIPE038 tools well-formed
        { DiagnosticCodes.InvalidTools, "/steps/a/with/tools/0/name", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: hi, tools: [ { name: \"look up\" } ] } }") },
        { DiagnosticCodes.InvalidTools, "/steps/a/with/tools/1/name", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: hi, tools: [ { name: f }, { name: f } ] } }") },
        { DiagnosticCodes.InvalidTools, "/steps/a/with/tools/0/parameters", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: hi, tools: [ { name: f, parameters: { type: objekt } } ] } }") },
        // PIPE039 toolChoice names a declared tool
        { DiagnosticCodes.UnknownToolChoice, "/steps/a/with/toolChoice/name", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: hi, tools: [ { name: lookup } ], toolChoice: { name: ghost } } }") },
        { DiagnosticCodes.UnknownToolChoice, "/steps/a/with/toolChoice", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: hi, toolChoice: always } }") },
        // PIPE044 the response schema is a JSON Schema
        { DiagnosticCodes.InvalidResponseSchema, "/steps/a/with/responseFormat/jsonSchema", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: hi, responseFormat: { jsonSchema: { type: objekt } } } }") },
        { DiagnosticCodes.InvalidResponseSchema, "/steps/a/with/responseFormat", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { prompt: hi, responseFormat: yaml } }") },
        // PIPE045 literal messages the connectors can read
        { DiagnosticCodes.InvalidMessages, "/steps/a/with/messages", L, TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { messages: [ { role: robot, content: hi } ] } }") },
    };

    public static TheoryData<string, string> ValidCases() => new()
    {
        { "minimal", TestYaml.Valid },
        { "transitive upstream reference", TestYaml.Pipeline("""
              a: { uses: classify, providers: [local-minilm] }
              b: { uses: chat, providers: [openai-main], needs: [a] }
              c: { uses: chat, providers: [openai-main], needs: [b], with: { prompt: "{{ steps.a.output.label }} {{ steps.b.output.text }}" } }
            """) },
        { "outputs may read any step", TestYaml.Pipeline("""
              a: { uses: chat, providers: [openai-main] }
              b: { uses: embed, providers: [local-minilm] }
            """, "outputs:\n  x: \"{{ steps.a.output.text }} {{ steps.b.output.dimensions }}\"") },
        { "bare if expression", TestYaml.Pipeline("""
              a: { uses: classify, providers: [local-minilm] }
              b: { uses: chat, providers: [openai-main], needs: [a], if: "steps.a.output.label == 'x' && !(steps.a.output.score < 0.5)" }
            """) },
        { "if as a path judged by truthiness", TestYaml.Pipeline("""
              r: { uses: approval, with: { prompt: "ok?" }, timeout: 2h, onTimeout: approve }
              b: { uses: chat, providers: [openai-main], needs: [r], if: "{{ steps.r.output.approved }}" }
            """) },
        { "transform fields referenced", TestYaml.Pipeline("""
              t: { uses: transform, with: { queue: "{{ inputs.text | lower }}", meta: { n: "{{ inputs.count }}" } } }
              b: { uses: chat, providers: [openai-main], needs: [t], with: { prompt: "{{ steps.t.output.queue }} {{ steps.t.output.meta.n }}" } }
            """) },
        { "foreach with item and index", TestYaml.Pipeline("""
              f:
                uses: foreach
                items: "{{ inputs.text }}"
                parallelism: 64
                step:
                  uses: embed
                  if: "{{ index < 10 }}"
                  with: { input: "{{ item.body }} #{{ index }}" }
                  providers: [local-minilm]
                  retries: 0
              g: { uses: transform, needs: [f], with: { all: "{{ steps.f.output.items | length }}" } }
            """) },
        { "connector capability with unchecked fields", TestYaml.Pipeline("""
              o: { uses: ocr, providers: [ocr-remote] }
              b: { uses: chat, providers: [openai-main], needs: [o], with: { prompt: "{{ steps.o.output.pages[0].text }}" } }
            """) },
        { "policies, constraints, durations, defaults", TestYaml.Valid.Replace("steps:\n", """
            defaults:
              timeout: 1h
              retries: 10
              backoff: { strategy: fixed, delay: 250ms, maxDelay: 8760h }
              policy: { strategy: ordered, swapOn: [unavailable, timeout, rate_limited, stalled, filtered, context_length] }
              constraints: { residency: [eu], locality: [local], maxCostPer1kTokens: 0, features: [json] }
            steps:

            """, StringComparison.Ordinal) },
        { "retries and per-attempt limits", TestYaml.Pipeline("""
              a:
                uses: chat
                providers: [openai-main, azure-backup]
                policy: { retries: 0, retryBackoff: 2s, maxRetryBackoff: 2s, maxRetryAfter: 30s, deadline: 1m, firstTokenTimeout: 5s, stallTimeout: 5s, attemptTimeout: 1m }
            """) },
        { "weights for listed providers", TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main, azure-backup], policy: { strategy: weighted, weights: { openai-main: 3, azure-backup: 1 } } }") },
        { "inputs with limits, enum and defaults", TestYaml.Valid.Replace("inputs:\n", """
            inputs:
              mode: { type: string, enum: [a, b], default: b, maxLength: 1 }
              ratio: { type: number, minimum: 0, maximum: 1, default: 0.5 }
              tags: { type: array, items: { type: string, maxLength: 10 }, default: [x, y] }
              flag: { type: boolean, required: false }
              meta: { type: object, default: { a: 1 } }

            """, StringComparison.Ordinal) },
        { "YAML anchors and aliases", TestYaml.Pipeline("""
              a: { uses: chat, providers: &both [openai-main, azure-backup] }
              b: { uses: chat, providers: *both }
            """) },
        { "chat with tools, tool choice, a response schema and image parts", TestYaml.Pipeline("""
              a:
                uses: chat
                providers: [openai-main]
                policy: { swapOn: [invalid_output, unavailable] }
                with:
                  messages:
                    - role: user
                      content:
                        - { type: text, text: "{{ inputs.text }}" }
                        - { type: image, url: "https://example.com/a.png" }
                  tools:
                    - name: lookup
                      description: Looks a word up.
                      parameters: { type: object, properties: { input: { type: string } }, required: [input] }
                  toolChoice: { name: lookup }
              b:
                uses: chat
                providers: [openai-main]
                needs: [a]
                with:
                  prompt: "{{ steps.a.output.toolCalls[0].arguments.input }}"
                  responseFormat: { jsonSchema: { type: object, required: [sentiment] }, strict: true }
              c: { uses: transform, needs: [b], with: { s: "{{ steps.b.output.json.sentiment }}" } }
            """) },
        { "templated tools and messages are checked at run time", TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main], with: { messages: \"{{ inputs.text }}\", tools: \"{{ inputs.text }}\", toolChoice: required } }") },
        { "layout of known steps", TestYaml.Pipeline("  a: { uses: chat, providers: [openai-main] }", "layout:\n  a: { x: 10.5, y: -3 }") },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_InvalidDefinition_ReportsCodeAtPointerAndLine(string code, string pointer, int? line, string yaml)
    {
        // Arrange
        var catalog = TestCatalog.Registered;

        // Act
        var result = TestYaml.Validate(yaml, catalog);

        // Assert
        var match = result.Diagnostics.FirstOrDefault(d => d.Code == code && d.Pointer == pointer);
        Assert.True(match is not null, $"Expected {code} at '{pointer}', got:{Environment.NewLine}{TestYaml.Describe(result)}");
        Assert.Equal(line, match.Line);
        Assert.False(result.IsValid);
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Validate_ValidDefinition_HasNoDiagnostics(string name, string yaml)
    {
        // Arrange
        var catalog = TestCatalog.Registered;

        // Act
        var result = TestYaml.Validate(yaml, catalog);

        // Assert
        Assert.True(result.IsValid, $"{name}:{Environment.NewLine}{TestYaml.Describe(result)}");
    }

    private static string AliasBomb()
    {
        var lines = new List<string> { "  a:", "    uses: transform", "    with:", "      a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 8; i++)
        {
            lines.Add($"      a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        }

        lines.Add("      g: *a7");
        return string.Join('\n', lines);
    }
}
