// Cost of a new flow in the connection table, shared LRU lists vs per-CPU lists (BPF_F_NO_COMMON_LRU),
// measured with BPF_PROG_TEST_RUN from one thread per CPU at once on a full table (every new flow evicts).
// Run: dotnet run bench/lru/FlowTableLru.cs -- <per-cpu object> <shared object>  (as root)
#:project ../../src/FastLb.Reconciler/FastLb.Reconciler.csproj
#:project ../../src/FastLb.Wire/FastLb.Wire.csproj
#:property PublishAot=false
using System.Diagnostics;
using System.Net;
using FastLb.Interop.Abi;
using FastLb.Model;
using FastLb.Reconciler;
using FastLb.Wire;
using Microsoft.Extensions.Logging.Abstractions;

const int Table = 65536;
const int FlowsPerThread = 200_000;
var threads = Environment.ProcessorCount;
foreach (var (label, path) in new[] { ("per-cpu (BPF_F_NO_COMMON_LRU)", args[0]), ("shared", args[1]) })
{
    foreach (var n in new[] { 1, threads })
    {
        var ns = Run(path, n);
        Console.WriteLine($"{label,-32} threads={n} table={Table} new flow (ACK, table full): {ns:F0} ns/packet (kernel-timed, mean of {n * FlowsPerThread})");
    }
}

static double Run(string path, int threads)
{
    using var dp = DataPlane.Load(NullLogger.Instance, new DataPlaneOptions(Table, FlowTimeouts.Default), path);
    var config = ConfigLoader.Parse("interface: pkt0\nservices:\n  - {name: s, vip: 203.0.113.60, port: 80, reals: [{address: 192.0.2.21, mac: \"02:00:00:00:00:21\"}]}\n", "b.yaml", DataPlaneLimits.Config);
    new MapWriter(dp).Apply(Planner.Plan(config, AlwaysUp.Instance, new IndexAllocator(AbiLimits.MaxServices, "service"), new IndexAllocator(AbiLimits.MaxReals, "real")));
    dp.Topology.Update(0u, Topology.Create(System.Net.NetworkInformation.PhysicalAddress.Parse("02-00-00-00-00-02"), 1));
    var totals = new long[threads];
    var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
    {
        var output = new byte[256];
        long sum = 0;
        for (var i = 0; i < FlowsPerThread; i++)
        {
            var client = new IPAddress(new byte[] { 198, 51, (byte)t, (byte)(i / 60000) });
            var frame = Frame.Ethernet("02:00:00:00:00:10", "02:00:00:00:00:02").IPv4(client, IPAddress.Parse("203.0.113.60")).Tcp((ushort)(1024 + (i % 60000)), 80, TcpFlags.Ack).Build();
            sum += dp.Program.TestRun(frame, output).DurationNs;
        }
        totals[t] = sum;
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return totals.Sum() / (double)(threads * FlowsPerThread);
}
