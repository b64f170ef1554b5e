using Pipelines.Connectors;

namespace Microsoft.Extensions.DependencyInjection;

public static class StepExecutorServiceCollectionExtensions
{
    /// <summary>Registers an executor; the engine picks it by <see cref="IStepExecutor.Capability"/>.</summary>
    public static IServiceCollection AddStepExecutor<TExecutor>(this IServiceCollection services)
        where TExecutor : class, IStepExecutor =>
        services.AddSingleton<IStepExecutor, TExecutor>();
}
