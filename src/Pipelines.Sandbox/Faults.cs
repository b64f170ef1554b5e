using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox;

/// <summary>The faults shared by every endpoint: those acting before any answer, and those that spoil a JSON answer.</summary>
public static class Faults
{
    /// <summary>
    /// Applies what comes before the answer: the delay, error statuses, malformed bodies, a dropped connection, no
    /// response at all, and (not streaming) the slow-token delays. True when the fault wrote or withheld the whole response.
    /// </summary>
    public static async Task<bool> ApplyBeforeAnswerAsync(HttpContext http, FaultRule? fault, bool stream = false, int tokens = 1)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (fault is null)
        {
            return false;
        }

        if (fault.DelayMs > 0 && fault.Kind is not (FaultKind.SlowFirstToken or FaultKind.SlowTokens))
        {
            await Task.Delay(fault.DelayMs, http.RequestAborted);
        }

        switch (fault.Kind)
        {
            case FaultKind.Status:
                await WriteStatusAsync(http, fault.Status ?? StatusCodes.Status500InternalServerError, fault.Code, fault.RetryAfterSeconds);
                return true;
            case FaultKind.Malformed:
            case FaultKind.MalformedChunk when !stream:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("{ this is not json", http.RequestAborted);
                return true;
            case FaultKind.Reset:
                http.Abort();
                return true;
            case FaultKind.NoResponse:
                await HoldAsync(http);
                return true;
            case FaultKind.SlowFirstToken when !stream:
                await Task.Delay(fault.DelayMs, http.RequestAborted);
                return false;
            case FaultKind.SlowTokens when !stream:
                await Task.Delay(TimeSpan.FromMilliseconds((double)fault.DelayMs * Math.Max(1, tokens)), http.RequestAborted);
                return false;
            default:
                return false;
        }
    }

    /// <summary>Writes a JSON answer, or spoils it the way a body-level fault says (half a body, then a cut, a stall or a clean end).</summary>
    public static async Task WriteAnswerAsync(HttpContext http, FaultRule? fault, JsonObject answer)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(answer);
        if (fault?.Kind is not (FaultKind.Cut or FaultKind.Stall or FaultKind.NoDone))
        {
            await http.Response.WriteAsJsonAsync(answer, http.RequestAborted);
            return;
        }

        var text = answer.ToJsonString();
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(text[..(text.Length / 2)], http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
        switch (fault.Kind)
        {
            case FaultKind.Cut:
                http.Abort();
                break;
            case FaultKind.Stall:
                await HoldAsync(http);
                break;
        }
    }

    public static async Task WriteStatusAsync(HttpContext http, int status, string? code, int? retryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await http.Response.WriteAsJsonAsync(
            OpenAiResponses.Error($"Sandbox fault: HTTP {status}.", status >= 500 ? "server_error" : "invalid_request_error", code),
            http.RequestAborted);
    }

    /// <summary>
    /// Keeps the request open, writing nothing more, until the client gives up or the sandbox stops; then drops the
    /// connection, so that no client ever mistakes a held request for a complete answer.
    /// </summary>
    public static async Task HoldAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the sandbox is stopping: both end the hold.
        }

        http.Abort();
    }
}
