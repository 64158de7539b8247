// Namespaces nearly every test in FastLb.Health.Tests reads, imported once for the project.
global using FastLb.Model;
global using FastLb.Testing;
global using Xunit;
