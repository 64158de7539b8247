// Namespaces nearly every test in FastLb.Model.Tests reads, imported once for the project.
global using FastLb.Model;
global using Xunit;
global using System.Net;
