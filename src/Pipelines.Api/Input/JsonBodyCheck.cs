using System.Text.Json;
using Pipelines.Core.Definitions;

namespace Pipelines.Api.Input;

/// <summary>
/// Reads a JSON body token by token and finds what System.Text.Json would accept but must not be: a duplicate key (the
/// binder keeps the last, so <c>{"role":"Viewer","role":"Admin"}</c> would mean Admin), a NUL character (PostgreSQL
/// jsonb refuses it), an unpaired surrogate or invalid UTF-8 (decoding throws later), or malformed JSON.
/// </summary>
public static class JsonBodyCheck
{
    /// <summary>What is wrong with a body, and where (a JSON pointer; empty for the whole body).</summary>
    public sealed record Finding(string Location, string Rule, string Message);

    public const string MalformedRule = "malformed-json";
    public const string DuplicateKeyRule = "duplicate-key";
    public const string NulRule = "nul-character";
    public const string InvalidTextRule = "invalid-unicode";

    /// <summary>Deep enough for any body we accept; deeper bodies are refused as malformed rather than walked.</summary>
    private const int MaxDepth = 128;

    public static Finding? Find(ReadOnlySpan<byte> body)
    {
        var frames = new Stack<Frame>();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        frames.Push(new Frame(ValuePointer(frames), reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        Advance(frames);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames.Peek();
                        if (Text(ref reader, JsonPointer.Append(frame.Pointer, "?")) is { } badKey)
                        {
                            return badKey;
                        }

                        var name = reader.GetString()!;
                        frame.PendingKey = name;
                        var pointer = ValuePointer(frames);
                        if (name.Contains('\0', StringComparison.Ordinal))
                        {
                            return new Finding(pointer, NulRule, "Key names may not contain the NUL character.");
                        }

                        if (!frame.Keys!.Add(name))
                        {
                            return new Finding(pointer, DuplicateKeyRule, $"The key '{name}' appears more than once.");
                        }

                        break;
                    case JsonTokenType.String:
                        if (Text(ref reader, ValuePointer(frames)) is { } badText)
                        {
                            return badText;
                        }

                        if (reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                        {
                            return new Finding(ValuePointer(frames), NulRule, "Text may not contain the NUL character.");
                        }

                        Advance(frames);
                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return new Finding(JsonPointer.Root, MalformedRule, $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        return null;
    }

    /// <summary>Decoding fails on invalid UTF-8 or an escaped lone surrogate; the reader itself lets both through.</summary>
    private static Finding? Text(ref Utf8JsonReader reader, string pointer)
    {
        try
        {
            _ = reader.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            return new Finding(pointer, InvalidTextRule, "Text must be valid UTF-8 without unpaired surrogates.");
        }
    }

    private static string ValuePointer(Stack<Frame> frames)
    {
        if (!frames.TryPeek(out var frame))
        {
            return JsonPointer.Root;
        }

        return frame.Keys is null ? JsonPointer.Append(frame.Pointer, frame.Index) : JsonPointer.Append(frame.Pointer, frame.PendingKey ?? "");
    }

    private static void Advance(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var frame) && frame.Keys is null)
        {
            frame.Index++;
        }
    }

    private sealed class Frame(string pointer, bool isObject)
    {
        public string Pointer { get; } = pointer;

        /// <summary>The keys seen so far in an object; null for an array.</summary>
        public HashSet<string>? Keys { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public string? PendingKey { get; set; }

        public int Index { get; set; }
    }
}
