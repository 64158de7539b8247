// Namespaces nearly every test in FastLb.PacketTests reads, imported once for the project.
global using Xunit;
global using FastLb.Testing;
global using FastLb.Interop.Abi;
global using FastLb.Wire;
global using FastLb.Interop.Bpf;
global using System.Net;
global using FastLb.Model;
global using FastLb.Reconciler;
global using FastLb.Scheduling;
global using System.Net.NetworkInformation;
global using System.Runtime.InteropServices;
global using System.Buffers.Binary;
global using Microsoft.Extensions.Logging.Abstractions;
global using static FastLb.PacketTests.Modes.ModeFrames;
global using static FastLb.PacketTests.Modes.ModesFixture;
