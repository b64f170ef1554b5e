using System.Text.Json.Nodes;

namespace Pipelines.Sandbox;

/// <summary>POST /v1/chat/completions: answers deterministically, or fails the way a scripted fault says.</summary>
public static class ChatEndpoint
{
    public static async Task HandleAsync(HttpContext http, SandboxState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var raw = await RequestBody.ReadAsync(http);
        var body = JsonNode.Parse(raw) as JsonObject ?? [];
        var model = body["model"]?.GetValue<string>() ?? "sandbox";
        var stream = body["stream"]?.GetValue<bool>() == true;
        var includeUsage = body["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
        var prompt = LastUserMessage(body);
        var fault = state.Take(model);
        var answer = SandboxAnswer.For(body, model, fault);
        var id = state.Record(new SandboxCall(model, "chat", fault?.Kind.ToString() ?? "ok", DateTimeOffset.UtcNow, stream, Input: prompt)
        {
            Authorization = http.Request.Headers.Authorization.FirstOrDefault(),
            ApiKey = http.Request.Headers["api-key"].FirstOrDefault(),
            Body = raw,
        });
        try
        {
            if (await Faults.ApplyBeforeAnswerAsync(http, fault, stream, OpenAiResponses.Tokens(answer.Text ?? "")))
            {
                return;
            }

            if (stream && answer.ToolCall is { } call)
            {
                await StreamToolCallAsync(http, model, call, includeUsage ? OpenAiResponses.Tokens(prompt) : null);
                return;
            }

            if (stream)
            {
                await StreamAsync(http, model, answer.Text!, fault, includeUsage ? OpenAiResponses.Tokens(prompt) : null);
                return;
            }

            var filtered = fault?.Kind == FaultKind.ContentFilter;
            await Faults.WriteAnswerAsync(
                http,
                fault,
                OpenAiResponses.Chat(
                    model, filtered ? "" : answer.Text, filtered ? "content_filter" : answer.FinishReason, OpenAiResponses.Tokens(prompt), answer.ToolCall));
        }
        finally
        {
            state.Complete(id, http.RequestAborted.IsCancellationRequested);
        }
    }

    /// <summary>
    /// Server-sent events as OpenAI sends them: one chunk per word, a chunk with the finish reason, a usage chunk when
    /// the client asked for it (<c>stream_options.include_usage</c>), then <c>[DONE]</c>; or the scripted fault.
    /// </summary>
    private static async Task StreamAsync(HttpContext http, string model, string answer, FaultRule? fault, int? promptTokens)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12];
        var tokens = answer.Split(' ');
        var faultAt = Math.Clamp(fault?.AfterTokens ?? 0, 0, tokens.Length);
        if (fault?.Kind == FaultKind.SlowFirstToken)
        {
            await Task.Delay(fault.DelayMs, http.RequestAborted);
        }

        var sent = 0;
        for (var i = 0; i <= tokens.Length; i++)
        {
            if (i == faultAt)
            {
                switch (fault?.Kind)
                {
                    case FaultKind.Stall:
                        await Faults.HoldAsync(http);
                        return;
                    case FaultKind.Cut:
                        await CutAsync(http);
                        return;
                    case FaultKind.MalformedChunk:
                        await WriteEventAsync(http, "{\"id\": \"" + id + "\", \"choices\": [{\"delta\": {\"content\": ");
                        break;
                    case FaultKind.ContentFilter:
                        await FinishAsync(http, id, model, "content_filter", promptTokens, sent);
                        return;
                }
            }

            if (i == tokens.Length)
            {
                break;
            }

            if (i > 0 && fault?.Kind == FaultKind.SlowTokens)
            {
                await Task.Delay(fault.DelayMs, http.RequestAborted);
            }

            await WriteEventAsync(http, OpenAiResponses.Chunk(id, model, (i == 0 ? "" : " ") + tokens[i], null).ToJsonString());
            sent++;
        }

        if (fault?.Kind == FaultKind.NoDone)
        {
            return;
        }

        await FinishAsync(http, id, model, "stop", promptTokens, sent);
    }

    /// <summary>A tool call streamed as OpenAI does: id and name first, then the arguments in two pieces, then tool_calls.</summary>
    private static async Task StreamToolCallAsync(HttpContext http, string model, SandboxToolCall call, int? promptTokens)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12];
        var half = call.Arguments.Length / 2;
        await WriteEventAsync(http, OpenAiResponses.ToolCallChunk(id, model, call, first: true, "").ToJsonString());
        await WriteEventAsync(http, OpenAiResponses.ToolCallChunk(id, model, call, first: false, call.Arguments[..half]).ToJsonString());
        await WriteEventAsync(http, OpenAiResponses.ToolCallChunk(id, model, call, first: false, call.Arguments[half..]).ToJsonString());
        await FinishAsync(http, id, model, "tool_calls", promptTokens, 3);
    }

    /// <summary>
    /// Drops the connection after what was sent has had time to reach the client: an abort resets the connection,
    /// and a reset arriving with data still unread would discard that data, hiding that the answer had begun.
    /// </summary>
    private static async Task CutAsync(HttpContext http)
    {
        await Task.Delay(100, http.RequestAborted);
        http.Abort();
    }

    private static async Task FinishAsync(HttpContext http, string id, string model, string finishReason, int? promptTokens, int completionTokens)
    {
        await WriteEventAsync(http, OpenAiResponses.Chunk(id, model, null, finishReason).ToJsonString());
        if (promptTokens is { } prompt)
        {
            await WriteEventAsync(http, OpenAiResponses.UsageChunk(id, model, prompt, completionTokens).ToJsonString());
        }

        await WriteEventAsync(http, "[DONE]");
    }

    private static async Task WriteEventAsync(HttpContext http, string data)
    {
        await http.Response.WriteAsync($"data: {data}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static string LastUserMessage(JsonObject body) =>
        body["messages"] is JsonArray messages
            ? SandboxAnswer.TextOf(messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"])
            : "";
}
