// Namespaces nearly every test in FastLb.Scheduling.Tests reads, imported once for the project.
global using FastLb.Scheduling;
global using Xunit;
