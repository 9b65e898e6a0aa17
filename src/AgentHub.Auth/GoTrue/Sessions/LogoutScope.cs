namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>Which sessions <c>POST /logout?scope=</c> ends.</summary>
internal enum LogoutScope
{
    /// <summary>Every session of the user (the default).</summary>
    Global,

    /// <summary>Only the session of the token presented.</summary>
    Local,

    /// <summary>Every session except the one of the token presented.</summary>
    Others,
}
