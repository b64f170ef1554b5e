namespace Pipelines.Sandbox;

/// <summary>The faults that act before any answer is written: latency, error statuses, malformed bodies.</summary>
public static class Faults
{
    /// <summary>True when the fault wrote the whole response.</summary>
    public static async Task<bool> ApplyBeforeAnswerAsync(HttpContext http, FaultRule? fault)
    {
        if (fault is null)
        {
            return false;
        }

        if (fault.DelayMs > 0)
        {
            await Task.Delay(fault.DelayMs, http.RequestAborted);
        }

        switch (fault.Kind)
        {
            case FaultKind.Status:
                var status = fault.Status ?? StatusCodes.Status500InternalServerError;
                http.Response.StatusCode = status;
                if (fault.RetryAfterSeconds is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await http.Response.WriteAsJsonAsync(
                    OpenAiResponses.Error($"Sandbox fault: HTTP {status}.", status >= 500 ? "server_error" : "invalid_request_error", fault.Code),
                    http.RequestAborted);
                return true;
            case FaultKind.Malformed:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("{ this is not json", http.RequestAborted);
                return true;
            default:
                return false;
        }
    }
}
