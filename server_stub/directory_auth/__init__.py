"""Company sign-in: passwords checked by the company's LDAP directory ([server.ldap])."""
