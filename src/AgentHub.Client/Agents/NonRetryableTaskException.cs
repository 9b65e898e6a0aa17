namespace AgentHub.Client.Agents;

/// <summary>Throw from a task handler when retrying cannot help: the task becomes dead at once.</summary>
public sealed class NonRetryableTaskException(string message, Exception? inner = null) : Exception(message, inner);
