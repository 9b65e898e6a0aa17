using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>The JSON objects GoTrue keeps on users and identities.</summary>
internal static class Metadata
{
    /// <summary>
    /// An identity's <c>identity_data</c> for the email or phone provider. GoTrue also merges it into
    /// <c>user_metadata</c> at sign-up, which is why apps find <c>sub</c> and <c>email</c> there.
    /// </summary>
    public static JsonObject IdentityData(Guid userId, string? email, string? phone)
    {
        var data = new JsonObject { ["sub"] = userId.ToString() };
        if (email is not null) data["email"] = email;
        if (phone is not null) data["phone"] = phone;
        data["email_verified"] = false;
        data["phone_verified"] = false;
        return data;
    }

    /// <summary><c>app_metadata</c> of a user signing in with these providers (<c>provider</c> is the first, GoTrue's deprecated field).</summary>
    public static JsonObject AppMetadata(params string[] providers)
    {
        var list = new JsonArray();
        foreach (var provider in providers) list.Add(provider);
        return new JsonObject { ["provider"] = providers[0], ["providers"] = list };
    }

    /// <summary>Copies the members of <paramref name="patch"/> over <paramref name="target"/>.</summary>
    public static JsonObject Merge(JsonObject target, JsonElement? patch)
    {
        if (patch is not { } element) return target;
        foreach (var member in element.EnumerateObject()) target[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        return target;
    }

    /// <summary>Copies the members of <paramref name="patch"/> over <paramref name="target"/>.</summary>
    public static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch) target[name] = value?.DeepClone();
        return target;
    }

    /// <summary>A JSON object from a request member, for a patch (null members stay: they remove keys).</summary>
    public static JsonObject? ToObject(JsonElement? element) => element is { } value ? JsonNode.Parse(value.GetRawText())!.AsObject() : null;
}
