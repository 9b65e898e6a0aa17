using System.Runtime.CompilerServices;

// The parser and plan types are internal: only the test projects and the host (which maps HTTP
// requests onto RestRequest and renders RestError bodies) may see them.
[assembly: InternalsVisibleTo("AgentHub.Rest.Tests")]
[assembly: InternalsVisibleTo("AgentHub.Rest.IntegrationTests")]
[assembly: InternalsVisibleTo("AgentHub.Server")]
