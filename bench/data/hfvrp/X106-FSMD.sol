Route #1: 62 26
Route #2: 78 84 22
Route #3: 33 52
Route #4: 46 37 19
Route #5: 7 75
Route #6: 71 79
Route #7: 96 82 29
Route #8: 74 34
Route #9: 99 11
Route #10: 28 72
Route #11: 63 94 57
Route #12: 31 40 13
Route #13: 14 2 54
Route #14: 69 105 64
Route #15: 58 27
Route #16: 36 8 17
Route #17: 48 88 41
Route #18: 91 86
Route #19: 20 18
Route #20: 98 23 3
Route #21: 89 32 10
Route #22: 61 81
Route #23: 47 80 65
Route #24: 35 95 68
Route #25: 56 25
Route #26: 
Route #27: 
Route #28: 
Route #29: 
Route #30: 
Route #31: 
Route #32: 
Route #33: 
Route #34: 
Route #35: 
Route #36: 
Route #37: 
Route #38: 
Route #39: 
Route #40: 
Route #41: 
Route #42: 
Route #43: 
Route #44: 
Route #45: 
Route #46: 
Route #47: 
Route #48: 
Route #49: 
Route #50: 
Route #51: 
Route #52: 
Route #53: 
Route #54: 
Route #55: 
Route #56: 
Route #57: 
Route #58: 
Route #59: 
Route #60: 
Route #61: 
Route #62: 
Route #63: 
Route #64: 
Route #65: 
Route #66: 
Route #67: 
Route #68: 
Route #69: 
Route #70: 
Route #71: 
Route #72: 
Route #73: 
Route #74: 
Route #75: 
Route #76: 
Route #77: 
Route #78: 
Route #79: 
Route #80: 
Route #81: 
Route #82: 
Route #83: 
Route #84: 
Route #85: 
Route #86: 
Route #87: 
Route #88: 
Route #89: 
Route #90: 
Route #91: 
Route #92: 
Route #93: 
Route #94: 
Route #95: 
Route #96: 
Route #97: 
Route #98: 
Route #99: 
Route #100: 
Route #101: 
Route #102: 
Route #103: 
Route #104: 
Route #105: 
Route #106: 92 102 1 104 24 90
Route #107: 44 15 60 51 100 45
Route #108: 76 87 43 103 53 5
Route #109: 101 93 97 66 9 12
Route #110: 49 67 83 77 85 21
Route #111: 16 55 42 30 38 59
Route #112: 73 4 70 6 50 39
Route #113: 
Route #114: 
Route #115: 
Route #116: 
Route #117: 
Route #118: 
Route #119: 
Route #120: 
Route #121: 
Route #122: 
Route #123: 
Route #124: 
Route #125: 
Route #126: 
Route #127: 
Route #128: 
Route #129: 
Route #130: 
Route #131: 
Route #132: 
Route #133: 
Route #134: 
Route #135: 
Route #136: 
Route #137: 
Route #138: 
Route #139: 
Route #140: 
Route #141: 
Route #142: 
Route #143: 
Route #144: 
Route #145: 
Route #146: 
Route #147: 
Route #148: 
Route #149: 
Route #150: 
Route #151: 
Route #152: 
Route #153: 
Route #154: 
Route #155: 
Route #156: 
Route #157: 
Route #158: 
Route #159: 
Route #160: 
Route #161: 
Route #162: 
Route #163: 
Route #164: 
Route #165: 
Route #166: 
Route #167: 
Route #168: 
Route #169: 
Route #170: 
Route #171: 
Route #172: 
Route #173: 
Route #174: 
Route #175: 
Route #176: 
Route #177: 
Route #178: 
Route #179: 
Route #180: 
Route #181: 
Route #182: 
Route #183: 
Route #184: 
Route #185: 
Route #186: 
Route #187: 
Route #188: 
Route #189: 
Route #190: 
Route #191: 
Route #192: 
Route #193: 
Route #194: 
Route #195: 
Route #196: 
Route #197: 
Route #198: 
Route #199: 
Route #200: 
Route #201: 
Route #202: 
Route #203: 
Route #204: 
Route #205: 
Route #206: 
Route #207: 
Route #208: 
Route #209: 
Route #210: 
Route #211: 
Route #212: 
Route #213: 
Route #214: 
Route #215: 
Route #216: 
Route #217: 
Route #218: 
Route #219: 
Route #220: 
Route #221: 
Route #222: 
Route #223: 
Route #224: 
Route #225: 
Route #226: 
Route #227: 
Route #228: 
Route #229: 
Route #230: 
Route #231: 
Route #232: 
Route #233: 
Route #234: 
Route #235: 
Route #236: 
Route #237: 
Route #238: 
Route #239: 
Route #240: 
Route #241: 
Route #242: 
Route #243: 
Route #244: 
Route #245: 
Route #246: 
Route #247: 
Route #248: 
Route #249: 
Route #250: 
Route #251: 
Route #252: 
Route #253: 
Route #254: 
Route #255: 
Route #256: 
Route #257: 
Route #258: 
Route #259: 
Route #260: 
Route #261: 
Route #262: 
Route #263: 
Route #264: 
Route #265: 
Route #266: 
Route #267: 
Route #268: 
Route #269: 
Route #270: 
Route #271: 
Route #272: 
Route #273: 
Route #274: 
Route #275: 
Route #276: 
Route #277: 
Route #278: 
Route #279: 
Route #280: 
Route #281: 
Route #282: 
Route #283: 
Route #284: 
Route #285: 
Route #286: 
Route #287: 
Route #288: 
Route #289: 
Route #290: 
Route #291: 
Route #292: 
Route #293: 
Route #294: 
Route #295: 
Route #296: 
Route #297: 
Route #298: 
Route #299: 
Route #300: 
Route #301: 
Route #302: 
Route #303: 
Route #304: 
Route #305: 
Route #306: 
Route #307: 
Route #308: 
Route #309: 
Route #310: 
Route #311: 
Route #312: 
Route #313: 
Route #314: 
Route #315: 
Cost: 31566.26
