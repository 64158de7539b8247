// Namespaces nearly every test in FastLb.Interop.Tests reads, imported once for the project.
global using FastLb.Interop.Bpf;
global using Xunit;
global using FastLb.Testing;
global using FastLb.Interop.Abi;
global using System.Runtime.InteropServices;
