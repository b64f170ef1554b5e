using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;
using Pipelines.Engine.Notifications;
using Pipelines.Engine.Providers;
using Pipelines.Engine.Runs;
using Pipelines.Engine.Workers;

namespace Microsoft.Extensions.DependencyInjection;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Definitions and runs: their Marten schema and the services that read and write them.</summary>
    public static IServiceCollection AddPipelinesEngine(this IServiceCollection services)
    {
        services.ConfigureMarten(options =>
        {
            options.Schema.For<PipelineDocument>()
                .UseOptimisticConcurrency(true)
                .Index(p => p.Status);
            options.Schema.For<PipelineVersionDocument>()
                .Index(v => v.PipelineId);

            options.Events.AddEventTypes([
                typeof(RunStarted), typeof(StepReady), typeof(StepAttempted), typeof(ProviderSwapped),
                typeof(StepSucceeded), typeof(StepFailed), typeof(StepSkipped), typeof(WaitingForSignal),
                typeof(SignalReceived), typeof(RunSucceeded), typeof(RunFailed), typeof(RunCancelled),
            ]);
            options.Projections.Snapshot<RunSummary>(SnapshotLifecycle.Inline);
            options.Schema.For<RunSummary>()
                .Index(r => r.PipelineId)
                .Index(r => r.Status)
                .Index(r => r.NextDueAt)
                .Index(r => r.StartedAt);
            StepClaims.AddSchema(options);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new DefinitionValidator());
        services.AddScoped<DefinitionCommands>();
        services.AddScoped<DefinitionQueries>();
        services.AddSingleton<PublishedDefinitions>();
        services.AddPipelinesProviderRegistry();
        services.AddPipelinesRouting();
        services.AddHostedService<ActiveProbing>();
        services.AddSingleton<CircuitBroadcast>();
        services.AddHostedService(sp => sp.GetRequiredService<CircuitBroadcast>());
        services.AddDatabaseNotificationHandler<CircuitBroadcast>();
        services.AddHostedService<DatabaseNotificationListener>();
        services.AddSingleton<ConnectorTypes>();
        services.AddSingleton<StepClaims>();
        services.AddHostedService<ProcessHeartbeat>();
        services.AddSingleton<RunStreams>();
        services.AddScoped<RunCommands>();
        services.AddScoped<RunQueries>();
        return services;
    }

    /// <summary>
    /// Serves a singleton already registered as <typeparamref name="THandler"/> its channel through the one
    /// <see cref="DatabaseNotificationListener"/> of the process.
    /// </summary>
    public static IServiceCollection AddDatabaseNotificationHandler<THandler>(this IServiceCollection services)
        where THandler : class, IDatabaseNotificationHandler =>
        services.AddSingleton<IDatabaseNotificationHandler>(sp => sp.GetRequiredService<THandler>());

    /// <summary>
    /// StepReady events → ExecuteStep messages, through a checkpointed subscription of Marten's async daemon.
    /// HotCold: with several API processes exactly one dispatches, and another takes over if it dies.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddPipelinesDispatch(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten
            .AddSubscriptionWithServices<StepDispatchSubscription>(ServiceLifetime.Singleton, subscription =>
            {
                subscription.IncludeType<StepReady>();
                subscription.IncludeType<RunCancelled>();
            })
            .AddAsyncDaemon(DaemonMode.HotCold);

    /// <summary>The orchestrator side: records step results and sweeps leases, approval timeouts and deadlines.</summary>
    public static IServiceCollection AddPipelinesOrchestration(this IServiceCollection services)
    {
        services.AddHostedService<RunSweeper>();
        return services;
    }

    public static IBusRegistrationConfigurator AddPipelinesOrchestrationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<StepExecutedConsumer, StepExecutedConsumerDefinition>();
        return bus;
    }

    /// <summary>The worker side: executes steps through the registered <see cref="Pipelines.Connectors.IStepExecutor"/>s.</summary>
    public static IServiceCollection AddPipelinesWorkers(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.SectionName)
            .Validate(o => o.ConcurrentSteps > 0 && o.CapabilityConcurrency.Values.All(v => v > 0), "Concurrency limits must be positive.")
            .ValidateOnStart();
        services.AddStepExecutor<TransformExecutor>();
        services.AddSingleton<StepExecutors>();
        services.AddSingleton<CapabilityLimiter>();
        services.AddSingleton<RunningSteps>();
        services.AddSingleton<StepRunner>();
        return services;
    }

    public static IBusRegistrationConfigurator AddPipelinesWorkerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ExecuteStepConsumer, ExecuteStepConsumerDefinition>();
        // One queue per process: a cancellation must reach every worker, not just one of them.
        bus.AddConsumer<RunCancellationConsumer>()
            .Endpoint(endpoint =>
            {
                endpoint.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
                endpoint.Temporary = true;
            });
        return bus;
    }
}
