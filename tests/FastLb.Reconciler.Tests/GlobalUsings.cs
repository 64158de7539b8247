// Namespaces nearly every test in FastLb.Reconciler.Tests reads, imported once for the project.
global using Xunit;
global using FastLb.Model;
global using Microsoft.Extensions.Logging.Abstractions;
global using FastLb.Testing;
global using System.Net;
global using System.Net.NetworkInformation;
global using FastLb.Interop.Abi;
