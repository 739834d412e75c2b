"""porecare.pores"""
