using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Pipelines.Core.Tests")]
