namespace AgentHub.Client;

/// <summary>The hub could not be reached (or kept answering 502/503/504) after every retry.</summary>
public sealed class AgentHubUnavailableException(string message, Exception? inner) : Exception(message, inner);
