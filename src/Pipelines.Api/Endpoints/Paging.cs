namespace Pipelines.Api.Endpoints;

/// <summary>The paging rule every list endpoint shares.</summary>
public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>The deepest offset a list reads: beyond it a page is refused rather than overflowing or scanning.</summary>
    public const int MaxOffset = 1_000_000;

    /// <summary>Field errors for a bad page or page size; empty when both are fine.</summary>
    public static Dictionary<string, string[]> Validate(int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["Must be 1 or more."];
        }
        else if ((long)(page - 1) * Math.Max(pageSize, 1) > MaxOffset)
        {
            errors["page"] = [$"(page - 1) × pageSize must be at most {MaxOffset}."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Must be between 1 and {MaxPageSize}."];
        }

        return errors;
    }
}
