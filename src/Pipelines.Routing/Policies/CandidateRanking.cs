using Pipelines.Core.Definitions;
using Pipelines.Routing.Health;

namespace Pipelines.Routing.Policies;

/// <summary>Orders the eligible providers by the step's strategy: the router tries them in this order.</summary>
public static class CandidateRanking
{
    public static IReadOnlyList<RegisteredProvider> Rank(
        IReadOnlyList<RegisteredProvider> eligible, RouteRequest request, HealthRegistry health, Func<double> random)
    {
        var capability = request.Capability;
        var tenant = request.TenantId;
        var policy = request.Policy;
        return (policy?.Strategy ?? RoutingStrategy.Ordered) switch
        {
            RoutingStrategy.HealthRanked => [.. eligible.OrderByDescending(p => health.Score(p.HealthKey(tenant), capability))],
            // Unknown latency sorts first, so a provider never measured gets measured.
            RoutingStrategy.Fastest => [.. eligible.OrderBy(p => health.LatencyP50(p.HealthKey(tenant), capability) ?? 0)],
            RoutingStrategy.Cheapest => [.. eligible.OrderBy(p => CandidateFilter.CostPer1k(p) ?? decimal.MaxValue)],
            RoutingStrategy.Weighted => Weighted(eligible, policy!.Weights, random()),
            _ => eligible,
        };
    }

    /// <summary>Picks the first provider with probability proportional to its weight (1 when unlisted); the rest keep their order.</summary>
    private static IReadOnlyList<RegisteredProvider> Weighted(
        IReadOnlyList<RegisteredProvider> eligible, IReadOnlyDictionary<string, decimal> weights, double draw)
    {
        var total = eligible.Sum(p => (double)weights.GetValueOrDefault(p.Id, 1m));
        if (total <= 0)
        {
            return eligible;
        }

        var target = draw * total;
        foreach (var provider in eligible)
        {
            target -= (double)weights.GetValueOrDefault(provider.Id, 1m);
            if (target < 0)
            {
                return [provider, .. eligible.Where(p => !ReferenceEquals(p, provider))];
            }
        }

        return eligible;
    }
}
