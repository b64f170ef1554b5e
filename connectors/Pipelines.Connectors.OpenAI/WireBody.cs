using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// The client's request body for the provider: the same bytes with the top-level <c>model</c> value replaced, and,
/// when streaming without it, <c>stream_options.include_usage</c> added so the answer's tokens can be counted. Every
/// other byte is left as the client wrote it.
/// </summary>
public static class WireBody
{
    private static readonly byte[] IncludeUsage = "\"stream_options\":{\"include_usage\":true},"u8.ToArray();

    /// <summary>
    /// The body to send and whether usage was asked for on the client's behalf (its chunk is then not relayed). A
    /// <paramref name="prefill"/> is added as the last message, the assistant's, for the provider to continue.
    /// </summary>
    public static (byte[] Body, bool UsageAdded) For(ReadOnlyMemory<byte> body, string model, bool streaming, string? prefill = null)
    {
        var (open, modelStart, modelEnd, streamOptions, includeUsage) = Scan(body.Span);
        var addUsage = streaming && !includeUsage;
        if (modelStart < 0 || (addUsage && streamOptions) || prefill is not null)
        {
            // Rare (no model, stream_options without include_usage, a continuation): rewrite through the DOM rather than splice.
            var node = JsonNode.Parse(body.Span)!.AsObject();
            node["model"] = model;
            if (prefill is not null && node["messages"] is JsonArray messages)
            {
                messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = prefill });
            }

            if (addUsage && node["stream_options"] is JsonObject options)
            {
                options["include_usage"] = true;
            }
            else if (addUsage)
            {
                node["stream_options"] = new JsonObject { ["include_usage"] = true };
            }

            return (JsonSerializer.SerializeToUtf8Bytes(node), addUsage);
        }

        var span = body.Span;
        var quoted = JsonSerializer.SerializeToUtf8Bytes(model);
        var output = new ArrayBufferWriter<byte>(body.Length + quoted.Length + IncludeUsage.Length);
        output.Write(span[..(open + 1)]);
        if (addUsage)
        {
            output.Write(IncludeUsage);
        }

        output.Write(span[(open + 1)..modelStart]);
        output.Write(quoted);
        output.Write(span[modelEnd..]);
        return (output.WrittenSpan.ToArray(), addUsage);
    }

    /// <summary>Where the object opens, where the top-level model value starts and ends, and what stream_options holds.</summary>
    private static (int Open, int ModelStart, int ModelEnd, bool StreamOptions, bool IncludeUsage) Scan(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        int open = -1, modelStart = -1, modelEnd = -1;
        bool streamOptions = false, includeUsage = false;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.StartObject)
            {
                open = (int)reader.TokenStartIndex;
                continue;
            }

            if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                modelStart = (int)reader.TokenStartIndex;
                reader.Skip();
                modelEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("stream_options"u8))
            {
                reader.Read();
                streamOptions = true;
                includeUsage = reader.TokenType == JsonTokenType.StartObject ? IncludesUsage(ref reader) : SkipValue(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return open < 0 ? throw new JsonException("The body is not a JSON object.") : (open, modelStart, modelEnd, streamOptions, includeUsage);
    }

    private static bool SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return false;
    }

    private static bool IncludesUsage(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        var found = false;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.CurrentDepth == depth + 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("include_usage"u8))
            {
                reader.Read();
                found = reader.TokenType == JsonTokenType.True;
            }
        }

        return found;
    }
}
