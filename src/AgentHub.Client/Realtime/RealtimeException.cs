namespace AgentHub.Client.Realtime;

/// <summary>The realtime server refused something (a join, a push), with its reason.</summary>
public sealed class RealtimeException(string message) : Exception(message);
