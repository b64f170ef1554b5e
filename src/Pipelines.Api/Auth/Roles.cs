namespace Pipelines.Api.Auth;

/// <summary>Roles a key can hold; each includes the rights of those after it.</summary>
public enum Role
{
    Admin,
    Author,
    Operator,
    Viewer,
}

public static class Policies
{
    /// <summary>Manage keys and providers.</summary>
    public const string Admin = "admin";

    /// <summary>Write definitions.</summary>
    public const string Author = "author";

    /// <summary>Start, cancel and signal runs.</summary>
    public const string Operator = "operator";

    /// <summary>Read anything in the tenant.</summary>
    public const string Viewer = "viewer";

    /// <summary>Roles that satisfy a policy. Authors may not operate runs and operators may not edit definitions.</summary>
    public static string[] RolesFor(string policy) => policy switch
    {
        Admin => [nameof(Role.Admin)],
        Author => [nameof(Role.Admin), nameof(Role.Author)],
        Operator => [nameof(Role.Admin), nameof(Role.Operator)],
        _ => [nameof(Role.Admin), nameof(Role.Author), nameof(Role.Operator), nameof(Role.Viewer)],
    };
}
