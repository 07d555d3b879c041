// crypto/bytes.hpp: the byte types live in the public header (KeyProvider implementations need SecretBytes).
#pragma once
#include "coach/bytes.hpp"
