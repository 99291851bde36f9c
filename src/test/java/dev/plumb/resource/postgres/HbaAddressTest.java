package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Issue 14, class 11: every address form PostgreSQL 15 accepts, read and compared as the server does. */
class HbaAddressTest {
    static String canonical(String text) {
        return HbaAddress.parse(text).map(HbaAddress::canonical).orElse("(invalid)");
    }

    static String problem(String text) {
        return HbaAddress.check(text).map(p -> p.message() + " | " + p.hint()).orElse("(valid)");
    }

    @Test
    void everyFormPostgresqlAccepts() {
        assertThat(HbaAddress.parse("all")).contains(new HbaAddress.Keyword("all"));
        assertThat(HbaAddress.parse("samehost")).contains(new HbaAddress.Keyword("samehost"));
        assertThat(HbaAddress.parse("samenet")).contains(new HbaAddress.Keyword("samenet"));
        assertThat(HbaAddress.parse("localhost")).contains(new HbaAddress.HostName("localhost"));
        assertThat(HbaAddress.parse(".example.test")).hasValueSatisfying(a ->
                assertThat(((HbaAddress.HostName) a).suffix()).isTrue());
        assertThat(HbaAddress.parse("db-1.Example.TEST")).contains(new HbaAddress.HostName("db-1.Example.TEST"));
        assertThat(canonical("10.0.0.0/8")).isEqualTo("10.0.0.0 255.0.0.0");
        assertThat(canonical("10.0.0.0 255.0.0.0")).isEqualTo("10.0.0.0 255.0.0.0");
        assertThat(canonical("10.1.2.3/32")).isEqualTo(canonical("10.1.2.3  255.255.255.255"));
        assertThat(canonical("::1/128")).isEqualTo(canonical("0:0::1/128"));
        assertThat(canonical("fd00::/8")).isEqualTo("fd00:0:0:0:0:0:0:0 ff00:0:0:0:0:0:0:0");
        assertThat(canonical("DB.Example.Test")).isEqualTo("db.example.test");
        assertThat(HbaAddress.parse("10.0.0.0/8")).isEqualTo(HbaAddress.parse("10.0.0.0 255.0.0.0"));
    }

    @Test
    void nonsenseIsRefusedWithAHint() {
        assertThat(problem("10.0.0.0/33")).isEqualTo("invalid address '10.0.0.0/33': expected a CIDR with a mask of"
                + " 0 to 32 bits | such as 10.0.0.0/8");
        assertThat(problem("::1/129")).startsWith("invalid address '::1/129': expected a CIDR with a mask of 0 to 128");
        assertThat(problem("10.0.0.1")).isEqualTo("invalid address '10.0.0.1': an IP address needs a CIDR mask or a"
                + " netmask | write 10.0.0.1/32 for this address alone");
        assertThat(problem("10.0.0.256/8")).startsWith("invalid address '10.0.0.256/8': expected a CIDR such as");
        assertThat(problem("10.0.0/8")).startsWith("invalid address '10.0.0/8': expected a CIDR such as");
        assertThat(problem("10.0.0.256")).startsWith("invalid address '10.0.0.256': not an IP address");
        assertThat(problem("fe80::zz/64")).startsWith("invalid address 'fe80::zz/64': expected a CIDR");
        assertThat(problem("fe80::1%eth0")).startsWith("invalid address 'fe80::1%eth0': not an IP address");
        assertThat(problem("db.example.com/24")).isEqualTo("invalid address 'db.example.com/24': a host name takes no"
                + " CIDR mask | write the host name alone, or a network as a CIDR such as 10.0.0.0/8");
        assertThat(problem("10.0.0.0 ::")).startsWith("invalid address '10.0.0.0 ::': an address and its netmask are"
                + " two numeric addresses of one family");
        assertThat(problem("10.0.0.0 255.0.0.0 x")).startsWith("invalid address '10.0.0.0 255.0.0.0 x': expected one");
        assertThat(problem("db..example.com")).contains("or a host name | write a CIDR such as");
        assertThat(problem("-db.example.com")).contains("or a host name |");
        assertThat(problem("db_1.example.com")).isEqualTo("(valid)");
        assertThat(problem("db.example.com.")).contains("a host name here has no trailing dot | write db.example.com:");
        assertThat(problem("ALL")).isEqualTo("invalid address 'ALL': the keyword is written in lower case (the server"
                + " would take this for a host name) | write all");
        assertThat(problem("")).startsWith("invalid address '': expected one address");
        assertThat(problem("a b\nc")).startsWith("invalid address");
        assertThat(problem("10.0.0.0\n255.0.0.0")).startsWith("invalid address '10.0.0.0\n255.0.0.0': expected one");
        assertThat(problem(" 10.0.0.0/8")).startsWith("invalid address ' 10.0.0.0/8': expected one");
        assertThat(problem("10.0.0.0\t255.0.0.0")).isEqualTo("(valid)");
        assertThat(problem("x".repeat(64) + ".com")).contains("or a host name");
        assertThat(HbaRule.checkAddress("localhost")).isEqualTo(Optional.empty());
    }
}
