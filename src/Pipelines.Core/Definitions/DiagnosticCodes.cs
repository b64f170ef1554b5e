namespace Pipelines.Core.Definitions;

/// <summary>Stable diagnostic codes, one per rule. docs/definitions.md lists them; never renumber.</summary>
public static class DiagnosticCodes
{
    public const string Syntax = "PIPE001";
    public const string UnknownField = "PIPE002";
    public const string MissingField = "PIPE003";
    public const string WrongType = "PIPE004";
    public const string DuplicateKey = "PIPE005";
    public const string InvalidIdentifier = "PIPE006";
    public const string InvalidValue = "PIPE007";
    public const string OutOfRange = "PIPE008";
    public const string InvalidDuration = "PIPE009";
    public const string UnknownNeed = "PIPE010";
    public const string SelfDependency = "PIPE011";
    public const string Cycle = "PIPE012";
    public const string DuplicateEntry = "PIPE013";
    public const string TemplateSyntax = "PIPE014";
    public const string UnknownInputReference = "PIPE015";
    public const string UnknownStepReference = "PIPE016";
    public const string UnknownOutputField = "PIPE017";
    public const string StepNotUpstream = "PIPE018";
    public const string UnknownVariable = "PIPE019";
    public const string ConditionNotBoolean = "PIPE020";
    public const string TooManySteps = "PIPE021";
    public const string TooLarge = "PIPE022";
    public const string TemplateTooLong = "PIPE023";
    public const string MissingProviders = "PIPE024";
    public const string FieldNotAllowed = "PIPE025";
    public const string UnknownProvider = "PIPE026";
    public const string ProviderLacksCapability = "PIPE027";
    public const string UnknownCapability = "PIPE028";
    public const string InvalidInputDefault = "PIPE029";
    public const string WeightForUnlistedProvider = "PIPE030";
    public const string KindNotAllowedInForeach = "PIPE031";
    public const string UnknownLayoutStep = "PIPE032";
    public const string ItemsNotSingleExpression = "PIPE033";
    public const string ProviderLacksFeature = "PIPE034";
    public const string RetryBackoffAboveCap = "PIPE035";
    public const string AttemptLimitBeyondDeadline = "PIPE036";
    public const string InvalidText = "PIPE037";
    public const string InvalidTools = "PIPE038";
    public const string UnknownToolChoice = "PIPE039";
    public const string InvalidResponseSchema = "PIPE044";
    public const string InvalidMessages = "PIPE045";

    // Run-time checks of the inputs given to a run (RunInputs), not of the definition.
    public const string RunInputMissing = "PIPE040";
    public const string RunInputWrongType = "PIPE041";
    public const string RunInputOutOfRange = "PIPE042";
    public const string RunInputUnknown = "PIPE043";
}
