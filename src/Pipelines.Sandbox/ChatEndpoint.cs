using System.Text.Json.Nodes;

namespace Pipelines.Sandbox;

/// <summary>POST /v1/chat/completions: answers deterministically, or fails the way a scripted fault says.</summary>
public static class ChatEndpoint
{
    public static async Task HandleAsync(HttpContext http, SandboxState state)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject ?? [];
        var model = body["model"]?.GetValue<string>() ?? "sandbox";
        var stream = body["stream"]?.GetValue<bool>() == true;
        var prompt = LastUserMessage(body);
        var answer = $"[{model}] {prompt}";
        var fault = state.Take(model);
        state.Record(new SandboxCall(model, "chat", fault?.Kind.ToString() ?? "ok", DateTimeOffset.UtcNow));

        if (await Faults.ApplyBeforeAnswerAsync(http, fault) is true)
        {
            return;
        }

        if (stream)
        {
            await StreamAsync(http, model, answer, fault);
            return;
        }

        var filtered = fault?.Kind == FaultKind.ContentFilter;
        await http.Response.WriteAsJsonAsync(
            OpenAiResponses.Chat(model, filtered ? "" : answer, filtered ? "content_filter" : "stop", OpenAiResponses.Tokens(prompt)),
            http.RequestAborted);
    }

    private static async Task StreamAsync(HttpContext http, string model, string answer, FaultRule? fault)
    {
        http.Response.ContentType = "text/event-stream";
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12];
        var tokens = answer.Split(' ');
        for (var i = 0; i < tokens.Length; i++)
        {
            if (fault is { Kind: FaultKind.Stall or FaultKind.Cut } && i == fault.AfterTokens)
            {
                if (fault.Kind == FaultKind.Cut)
                {
                    http.Abort();
                    return;
                }

                await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted);
            }

            await WriteEventAsync(http, OpenAiResponses.Chunk(id, model, (i == 0 ? "" : " ") + tokens[i], null).ToJsonString());
        }

        await WriteEventAsync(http, OpenAiResponses.Chunk(id, model, null, fault?.Kind == FaultKind.ContentFilter ? "content_filter" : "stop").ToJsonString());
        await WriteEventAsync(http, "[DONE]");
    }

    private static async Task WriteEventAsync(HttpContext http, string data)
    {
        await http.Response.WriteAsync($"data: {data}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static string LastUserMessage(JsonObject body) =>
        body["messages"] is JsonArray messages
            ? messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"]?.ToString() ?? ""
            : "";
}
