import { describe, expect, it } from "vitest";
import { createIpLocationDbResolver, nullGeoResolver } from "./geo-resolver";

describe("the IP database resolver (mmdb country, ASN table)", () => {
  const geo = createIpLocationDbResolver();

  it("answers country, AS number and the network's name for IPv4 and IPv6", () => {
    const tor = geo.lookup("185.220.101.7");
    expect(tor).toMatchObject({ country: "DE", asn: 60729 });
    expect(tor.asnName?.length).toBeGreaterThan(3);
    const meta = geo.lookup("2a03:2880:f12f:83:face:b00c:0:25de");
    expect(meta).toMatchObject({ country: "IE", asn: 32934 });
    expect(meta.asnName).toMatch(/facebook|meta/i);
    expect(geo.asnName(32934)).toBe(meta.asnName);
  });

  it("knows nothing of private, reserved or malformed addresses", () => {
    for (const ip of ["10.0.0.1", "192.168.1.1", "::1", "not-an-ip"])
      expect(geo.lookup(ip), ip).toEqual({ country: null, asn: null, asnName: null });
    expect(nullGeoResolver.lookup("185.220.101.7")).toEqual({ country: null, asn: null, asnName: null });
  });
});
