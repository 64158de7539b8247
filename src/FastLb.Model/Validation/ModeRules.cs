// Per-mode rules: what each forwarding mode needs from its reals, and which modes an inline pair serves.
using FastLb.Model.Reading;

namespace FastLb.Model.Validation;

internal sealed class ModeRules(NodeReader reader)
{
    public void Validate(ConfigDraft config)
    {
        foreach (var service in config.Services)
        {
            foreach (var real in service.Backup is null ? service.Reals : [service.Backup, .. service.Reals])
            {
                Real(service, real);
            }
        }

        if (config.InsideInterface is { } inside)
        {
            Inline(config, inside);
        }
    }

    private void Real(ServiceDraft service, RealDraft real)
    {
        if (service.Mode != ForwardingMode.DsrL2 || real.Address is null)
        {
            // routed takes the next hop's MAC from the FIB; transparent from 'mac' or the neighbour table.
            return;
        }

        if (!real.Map.Has("mac"))
        {
            reader.Error(real.Map.Node, $"{real.What} {real.Endpoint} needs 'mac' in mode dsr-l2");
        }

        if (service.Port is { } servicePort && real.Port is { } port && port != servicePort)
        {
            reader.Error(real.Map["port"] ?? real.Map.Node,
                $"{real.What} {real.Endpoint}: port {port} differs from the service port {servicePort}, and mode dsr-l2 cannot translate ports (the real must listen on the service port)");
        }
    }

    /// <summary>With 'inside-interface' the pair of interfaces either routes or bridges; DSR is one-arm.</summary>
    private void Inline(ConfigDraft config, string inside)
    {
        var at = config.Root["inside-interface"]!;
        if (inside == config.Interface)
        {
            reader.Error(at, $"'inside-interface' {inside} is the same as 'interface': inline needs a second interface toward the reals (remove 'inside-interface' for one-arm)");
        }

        ServiceDraft? first = null;
        foreach (var service in config.Services.Where(s => s.Mode is not null))
        {
            var where = service.Map["mode"] ?? service.Map.Node;
            if (service.Mode == ForwardingMode.DsrL2)
            {
                reader.Error(where, $"{service.Label} is dsr-l2, which is one-arm: with 'inside-interface' use mode routed or transparent, or remove 'inside-interface'");
                continue;
            }

            first ??= service;
            if (service.Mode != first.Mode)
            {
                reader.Error(where,
                    $"{service.Label} is {ConfigNames<ForwardingMode>.Of(service.Mode!.Value)} but {first.Label} is {ConfigNames<ForwardingMode>.Of(first.Mode!.Value)}: with 'inside-interface' the two interfaces either route or bridge, so every service needs the same mode");
            }
        }
    }
}
