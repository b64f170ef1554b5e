namespace Pipelines.Core.Definitions.Validation;

/// <summary>Runs every semantic rule on a model; all findings go to the sink.</summary>
internal static class SemanticValidator
{
    public static void Check(PipelineDefinition definition, DiagnosticSink sink, IProviderCatalog? providers)
    {
        var context = new RuleContext(definition, sink, providers);
        HeaderRules.Check(context);
        InputRules.Check(context);
        StepRules.Check(context);
        GraphRules.Check(context);
        TemplateRules.Check(context);
    }
}
