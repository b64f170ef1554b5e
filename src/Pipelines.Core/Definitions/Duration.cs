using System.Globalization;

namespace Pipelines.Core.Definitions;

/// <summary>
/// Durations as written in definitions: a positive whole number and a unit (ms, s, m, h), e.g. 500ms, 5s, 2m, 1h;
/// at most <see cref="Max"/>.
/// </summary>
public static class Duration
{
    public const string Pattern = "^[1-9][0-9]{0,8}(ms|s|m|h)$";

    public static readonly TimeSpan Max = TimeSpan.FromDays(365);

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var unitLength = text.EndsWith("ms", StringComparison.Ordinal) ? 2 : 1;
        var digits = text.AsSpan(0, Math.Max(0, text.Length - unitLength));
        long? unitMilliseconds = text[^unitLength..] switch
        {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => null,
        };
        if (unitMilliseconds is null || digits.Length is 0 or > 9 || digits[0] == '0'
            || digits.ContainsAnyExceptInRange('0', '9')
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        // Nine digits times an hour in milliseconds still fits a long, so the comparison cannot overflow.
        var milliseconds = amount * unitMilliseconds.Value;
        if (milliseconds > (long)Max.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }
}
