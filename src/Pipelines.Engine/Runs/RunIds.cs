using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Engine.Runs;

public static class RunIds
{
    /// <summary>
    /// With an idempotency key the id is derived from it, so a retried start lands on the same stream
    /// and the event store itself refuses a second one: no lookup table, no race.
    /// </summary>
    public static string For(string pipelineId, string? idempotencyKey) =>
        idempotencyKey is null
            ? "run-" + Guid.CreateVersion7().ToString("N")
            : "run-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{pipelineId}\n{idempotencyKey}")))[..32];
}
