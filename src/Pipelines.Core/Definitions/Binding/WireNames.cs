using System.Reflection;
using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions.Binding;

/// <summary>The names enum values have in definitions, taken from their JSON attributes so the two cannot drift.</summary>
internal static class WireNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(
            f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name,
            f => (TEnum)f.GetValue(null)!,
            StringComparer.Ordinal);

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out TEnum value) => ByName.TryGetValue(name, out value);
}
