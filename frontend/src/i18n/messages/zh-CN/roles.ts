// Strings of the signed-in pages: buyer, enterprise, SME and operator.
const roles = {
  roles: {},
}

export default roles
